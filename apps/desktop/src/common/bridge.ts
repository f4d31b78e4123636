/**
 * The bridge contract between the renderer and the desktop main process: calls
 * (name → request, response) and pushed events (name → payload). Main implements
 * every call, the preload exposes exactly these names, and the renderer's
 * `window.parley` is typed from here. Requests are validated in main with the schemas
 * below: the renderer is an input like any other.
 *
 * IPC channel names: `parley:<call>` for calls, `parley:event.<name>` for pushes.
 */
import { z } from 'zod';
import { AttachmentUrl, ClientId, Content, CreateChatRequest, Id, LIMITS, MAX_SEARCH_QUERY_CHARS, Mentions, NotificationMode, PreferencesPatch, ReactionToken } from '@parley/protocol';
import type { BlockedUser, Chat, SessionInfo, UploadLink, UploadResponse, User } from '@parley/protocol';
import type { BridgeCallName, BridgeEventName } from './bridgeNames.js';
import type {
  ChatView,
  CommentView,
  ConnectionRequestView,
  ConnectionState,
  ContactView,
  FrameEvent,
  MessageView,
  NavigationTarget,
  NotificationView,
  PostView,
  SearchResultsView,
  SessionView,
  Settings,
  Snapshot,
} from './views.js';

const Empty = z.object({}).optional();
/** Names one upload between the renderer and main (the renderer makes it, e.g. a UUID). */
const UploadId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Request schemas, one per call. The keys are the call names. */
export const BRIDGE_REQUESTS = {
  'app.snapshot': Empty,
  'session.register': z.object({ serverUrl: z.string().url().optional(), email: z.string(), password: z.string(), full_name: z.string() }),
  'session.login': z.object({ serverUrl: z.string().url().optional(), email: z.string(), password: z.string() }),
  'session.logout': Empty,
  'account.sessions': Empty,
  'account.revokeSession': z.object({ sessionId: Id }),
  'account.logoutAll': Empty,
  'account.changePassword': z.object({ currentPassword: z.string().max(256), newPassword: z.string().min(8).max(256) }),
  'account.updateProfile': z.object({ fullName: z.string().trim().min(1).max(100) }),
  'connection.retryNow': Empty,
  'chats.create': CreateChatRequest,
  'chats.markRead': z.object({ chatId: Id, seq: z.number().int().nonnegative() }),
  'chats.setMuted': z.object({ chatId: Id, muted: z.boolean() }),
  /** All, mentions only, or none: saved on the server for all my devices. */
  'chats.setNotifyMode': z.object({ chatId: Id, mode: NotificationMode }),
  'chats.rename': z.object({ chatId: Id, title: z.string().trim().max(LIMITS.maxTitleChars) }),
  'chats.addMember': z.object({ chatId: Id, userId: Id }),
  'chats.removeMember': z.object({ chatId: Id, userId: Id }),
  'chats.leave': z.object({ chatId: Id }),
  /** The chat the user is looking at, if the window is focused; alerts skip it. */
  'chats.setFocused': z.object({ chatId: Id.nullable(), windowFocused: z.boolean() }),
  'messages.list': z.object({ chatId: Id, beforeSeq: z.number().int().positive().optional(), limit: z.number().int().positive().max(200).optional() }),
  'messages.send': z.object({ chatId: Id, content: z.string().max(4000), attachment: AttachmentUrl.nullish(), replyToSeq: z.number().int().positive().nullish(), mentions: Mentions.optional() }),
  /** Changes the text of one of my messages (the server enforces author and edit window). */
  'messages.edit': z.object({ chatId: Id, seq: z.number().int().positive(), content: Content.trim().min(1).max(LIMITS.maxContentChars), mentions: Mentions.optional() }),
  /** Message search (search/query.ts language) over the cache and the server; `before` pages by message id. */
  'search.messages': z.object({ q: z.string().max(MAX_SEARCH_QUERY_CHARS * 4), chatId: Id.optional(), before: Id.optional() }),
  /** Deletes a message for everyone: mine, or anyone's in a group I administer. */
  'messages.delete': z.object({ chatId: Id, seq: z.number().int().positive() }),
  /** Adds my reaction, or with `remove` takes it back. */
  'messages.react': z.object({ chatId: Id, seq: z.number().int().positive(), reaction: ReactionToken, remove: z.boolean().optional() }),
  'messages.retry': z.object({ clientId: ClientId }),
  'messages.setTyping': z.object({ chatId: Id, isTyping: z.boolean() }),
  'users.search': z.object({ q: z.string().max(100) }),
  'users.setStarred': z.object({ userId: Id, starred: z.boolean() }),
  'connections.request': z.object({ toUserId: Id }),
  'connections.accept': z.object({ requestId: Id }),
  'connections.decline': z.object({ requestId: Id }),
  /** Ends an accepted connection (its connection_id). */
  'connections.remove': z.object({ connectionId: Id }),
  'blocks.list': Empty,
  'blocks.block': z.object({ userId: Id }),
  'blocks.unblock': z.object({ userId: Id }),
  'feed.list': z.object({ before: Id.optional() }),
  'feed.post': z.object({ content: z.string().min(1).max(4000) }),
  'feed.comments': z.object({ postId: Id }),
  'feed.comment': z.object({ postId: Id, content: z.string().min(1).max(4000) }),
  'feed.react': z.object({ postId: Id, reaction: z.string().min(1).max(32) }),
  'notifications.markAllRead': Empty,
  'settings.update': z.object({
    notificationsEnabled: z.boolean().optional(),
    doNotDisturb: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    startAtLogin: z.boolean().optional(),
  }),
  /** Changes notification preferences on the server (all my devices); answers the settings after it. */
  'preferences.update': PreferencesPatch,
  /**
   * Main streams the file to POST /upload under its original name, reporting
   * `upload.progress` for `uploadId`; answers the server's UploadResponse.
   */
  'upload.file': z.object({ name: z.string().min(1).max(255), type: z.string().max(100), bytes: z.instanceof(Uint8Array), uploadId: UploadId.optional() }),
  /** Stops an upload in flight; its `upload.file` call then fails with `cancelled`. */
  'upload.cancel': z.object({ uploadId: UploadId }),
  /** A link clicked in a message or post: main opens it in the browser if it is http(s). */
  'shell.openExternal': z.object({ url: z.string().max(4096) }),
  /** A signed, expiring download link and the original name for an attachment URL. */
  'upload.link': z.object({ url: AttachmentUrl }),
  /** Raw frame on a channel, for the seed's `useWebSocket` hook. */
  'socket.send': z.object({ channel: z.string().max(64), frame: z.record(z.string(), z.unknown()) }),
  'socket.subscribe': z.object({ channel: z.string().max(64) }),
} as const satisfies Record<BridgeCallName, z.ZodType>;

export { BRIDGE_CALL_NAMES, BRIDGE_EVENT_NAMES, IPC_CALL_PREFIX, IPC_EVENT_PREFIX } from './bridgeNames.js';
export type { BridgeCallName, BridgeEventName } from './bridgeNames.js';
export type BridgeRequest<K extends BridgeCallName> = z.input<(typeof BRIDGE_REQUESTS)[K]>;

/** Response type of every call. */
export interface BridgeResponses {
  'app.snapshot': Snapshot;
  'session.register': SessionView;
  'session.login': SessionView;
  'session.logout': null;
  'account.sessions': SessionInfo[];
  'account.revokeSession': null;
  /** Signs every session out, this one included. */
  'account.logoutAll': null;
  /** Other sessions are signed out; this one stays. */
  'account.changePassword': null;
  'account.updateProfile': SessionView;
  'connection.retryNow': null;
  'chats.create': Chat;
  'chats.markRead': null;
  'chats.setMuted': null;
  'chats.setNotifyMode': null;
  'chats.rename': null;
  'chats.addMember': null;
  'chats.removeMember': null;
  'chats.leave': null;
  'chats.setFocused': null;
  'messages.list': MessageView[];
  'messages.send': MessageView;
  'messages.retry': MessageView;
  'messages.edit': null;
  'messages.delete': null;
  'messages.react': null;
  'messages.setTyping': null;
  'search.messages': SearchResultsView;
  'users.search': User[];
  'users.setStarred': null;
  'connections.request': null;
  'connections.accept': null;
  'connections.decline': null;
  'connections.remove': null;
  'blocks.list': BlockedUser[];
  'blocks.block': BlockedUser;
  'blocks.unblock': null;
  'feed.list': PostView[];
  'feed.post': PostView;
  'feed.comments': CommentView[];
  'feed.comment': CommentView;
  'feed.react': null;
  'notifications.markAllRead': null;
  'settings.update': Settings;
  'preferences.update': Settings;
  'upload.file': UploadResponse;
  'upload.cancel': null;
  'shell.openExternal': null;
  'upload.link': UploadLink;
  'socket.send': null;
  'socket.subscribe': null;
}

/** Events main pushes to the renderer. */
export interface BridgeEvents {
  'connection.changed': ConnectionState;
  'session.changed': SessionView | null;
  /** The server ended the session (expired, revoked elsewhere, account deactivated): the message for the sign-in screen. */
  'session.ended': { reason: 'expired' | 'revoked' | 'deactivated'; message: string };
  'chats.upserted': ChatView[];
  'messages.upserted': MessageView[];
  'typing.changed': { chatId: number; userId: number; isTyping: boolean };
  'contacts.changed': ContactView[];
  'requests.changed': ConnectionRequestView[];
  'posts.upserted': PostView[];
  'comments.upserted': CommentView[];
  'notifications.upserted': NotificationView[];
  'settings.changed': Settings;
  /** An OS notification (or tray item) was clicked: open this. */
  'navigate': NavigationTarget;
  /** Bytes of an upload handed to the network so far; `sent` only grows. */
  'upload.progress': { uploadId: string; sent: number; total: number };
  /** Original names of attachments, by attachment URL: uploaded from here or sent by the server with a message. */
  'attachments.named': Record<string, string>;
  /** Every server frame, for the seed's `useWebSocket(channel, …)` hook. */
  'socket.frame': FrameEvent;
}
// Compile-time proof that the name lists in bridgeNames.ts match the contract exactly.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventNamesMatch: Exactly<BridgeEventName, keyof BridgeEvents> = true;
const callNamesMatch: Exactly<BridgeCallName, keyof typeof BRIDGE_REQUESTS> = true;
void eventNamesMatch;
void callNamesMatch;

/** Errors cross the bridge as values: `ipcMain.handle` would keep only the message. */
export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** What `window.parley` is: one function per call, and a typed event subscription. */
export interface ParleyBridge {
  call<K extends BridgeCallName>(name: K, request: BridgeRequest<K>): Promise<BridgeResult<BridgeResponses[K]>>;
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
}

/** The main-process side: an implementation of every call. */
export type BridgeHandlers = {
  [K in BridgeCallName]: (request: z.output<(typeof BRIDGE_REQUESTS)[K]>) => Promise<BridgeResponses[K]>;
};
