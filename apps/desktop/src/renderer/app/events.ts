/**
 * Event actions for what main pushes over the bridge, named `domain/eventName` (RTK style
 * guide: actions describe what happened). Several slices react to one event (a snapshot
 * fills every slice; a contact list feeds people, presence and the user directory), so
 * the creators live here rather than inside one slice. Only bridgeEvents.ts and the
 * boot thunk dispatch them.
 */
import { createAction, type UnknownAction } from '@reduxjs/toolkit';
import type {
  ChatView,
  CommentView,
  ConnectionRequestView,
  ConnectionState,
  ContactView,
  MessageView,
  NavigationTarget,
  NotificationView,
  PostView,
  SessionView,
  Settings,
  Snapshot,
} from '../../common/views.js';

export const snapshotLoaded = createAction<Snapshot>('app/snapshotLoaded');
export const sessionChanged = createAction<SessionView | null>('session/changed');
/** The server ended the session (expired, revoked, deactivated); the sign-in screen says why. */
export const sessionEnded = createAction<{ reason: 'expired' | 'revoked' | 'deactivated'; message: string }>('session/ended');
export const connectionChanged = createAction<ConnectionState>('connection/changed');
export const chatsReceived = createAction<ChatView[]>('chats/received');
export const messagesReceived = createAction<MessageView[]>('messages/received');
export const typingChanged = createAction<{ chatId: number; userId: number; isTyping: boolean }>('typing/changed');
export const contactsReceived = createAction<ContactView[]>('contacts/received');
export const requestsReceived = createAction<ConnectionRequestView[]>('requests/received');
export const postsReceived = createAction<PostView[]>('posts/received');
export const commentsReceived = createAction<CommentView[]>('comments/received');
export const notificationsReceived = createAction<NotificationView[]>('notifications/received');
export const settingsChanged = createAction<Settings>('settings/changed');
export const navigationRequested = createAction<NavigationTarget>('navigation/requested');
/** Original names of attachments (uploaded from here or sent by the server), by attachment URL. */
export const attachmentsNamed = createAction<Record<string, string>>('attachments/named');

/** Matches the session ending (sign-out, token rejected): every per-account slice resets. */
export function isSignedOut(action: UnknownAction): boolean {
  return sessionChanged.match(action) && action.payload === null;
}
