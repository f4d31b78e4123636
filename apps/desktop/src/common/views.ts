/**
 * Shapes the desktop main process hands the renderer. They are built from the local
 * cache, so the UI shows the same state whether or not the server is reachable.
 */
import { DEFAULT_PREFERENCES, type Comment, type Message, type MessageReaction, type NotificationMode, type Post, type Preferences, type ReadPosition, type ServerFrame, type User } from '@parley/protocol';

export type DeliveryState = 'pending' | 'sent' | 'failed';

/** A message as shown: stored on the server (`state: 'sent'`) or still in the outbox. */
export interface MessageView extends Omit<Message, 'id' | 'seq' | 'reply_to_seq' | 'edited_at' | 'deleted' | 'reactions'> {
  /** Stable key for lists: `m<id>` once stored, `c<client_id>` while in the outbox. */
  key: string;
  id: number | null;
  seq: number | null;
  client_id: string | null;
  /** The message this one answers (same chat). */
  reply_to_seq: number | null;
  edited_at: string | null;
  /** A tombstone: content and attachment are gone. */
  deleted: boolean;
  reactions: MessageReaction[];
  state: DeliveryState;
  /** Why the last send failed, for the retry affordance. */
  error?: string;
}

/** Why a chat became read-only for this user: removed by an admin, or left. */
export type ChatEnded = 'removed' | 'left';

export interface ChatView {
  id: number;
  title: string | null;
  member_ids: number[];
  is_group: boolean;
  admin_ids: number[];
  /** Every member's read position (seen ticks). */
  reads: ReadPosition[];
  /** Set once this user is no longer a member: the cached history stays, read-only. */
  ended: ChatEnded | null;
  last_message: MessageView | null;
  unread_count: number;
  last_seq: number;
  read_seq: number;
  /** My notification mode for this chat is `none`. */
  muted: boolean;
  /** My notification mode for this chat (synced through the server). */
  notify_mode: NotificationMode;
}

export interface PostView extends Post {
  user_name: string;
  comment_count: number;
  reactions: Record<string, number>;
}

export interface CommentView extends Comment {
  user_name: string;
}

export type NotificationKind = 'connection_request' | 'comment_on_post' | 'reaction_on_post' | 'connection_accepted';

export interface NotificationView {
  /** Stable id derived from the item (e.g. `comment:12`), so a replay never doubles it. */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  timestamp: string;
  read: boolean;
  target: NavigationTarget;
}

export type NavigationTarget =
  | { kind: 'chat'; chatId: number }
  | { kind: 'post'; postId: number }
  | { kind: 'requests' }
  | { kind: 'people' };

export type ConnectionState =
  | { state: 'signed_out' }
  | { state: 'connecting'; attempt: number }
  | { state: 'online' }
  | { state: 'reconnecting'; attempt: number; nextRetryAt: number }
  | { state: 'offline'; nextRetryAt: number };

export interface ContactView extends User {
  connection_id: number;
  online: boolean;
  starred: boolean;
}

export interface ConnectionRequestView {
  request_id: number;
  from_user_id: number;
  from_user_name: string;
}

export interface Settings {
  /** Desktop-local master switch for OS notifications. */
  notificationsEnabled: boolean;
  /** Derived from `preferences.dnd`: do-not-disturb is on and has not run out. */
  doNotDisturb: boolean;
  /** Derived from `preferences.chat_modes`: the chats whose mode is `none`. */
  mutedChatIds: number[];
  /**
   * Notification preferences as the server last reported them: shared by all of the
   * user's devices (per-chat mode, do-not-disturb, quiet hours, privacy).
   */
  preferences: Preferences;
  starredUserIds: number[];
  theme: 'system' | 'light' | 'dark';
  /** Open Parley (to the tray) when the user logs in to the computer. Desktop-local. */
  startAtLogin: boolean;
}

/** Settings before the user changed anything (and what a stored partial object is completed with). */
export const DEFAULT_SETTINGS: Settings = {
  notificationsEnabled: true,
  doNotDisturb: false,
  mutedChatIds: [],
  starredUserIds: [],
  theme: 'system',
  startAtLogin: false,
  preferences: DEFAULT_PREFERENCES,
};

export interface SessionView {
  user: User;
  serverUrl: string;
}

/** One page of search hits, newest first; `nextBefore` continues below the last (null: no more). */
export interface SearchResultsView {
  hits: MessageView[];
  nextBefore: number | null;
  /** Whether the server's index was searched too (false: offline, cached messages only). */
  serverSearched: boolean;
}

/** Everything the renderer needs to paint its first frame, straight from the cache. */
export interface Snapshot {
  session: SessionView | null;
  connection: ConnectionState;
  chats: ChatView[];
  contacts: ContactView[];
  requests: ConnectionRequestView[];
  posts: PostView[];
  notifications: NotificationView[];
  settings: Settings;
  users: User[];
  /**
   * The server main would use for a sign-in that names none (configured or last used),
   * so the sign-in form can show it. Absent when main has no default.
   */
  defaultServerUrl?: string;
  /** Original names of attachments known to this device (its uploads, names the server sent), by URL. */
  attachmentNames?: Record<string, string>;
}

/** A raw frame for the seed's `useWebSocket(channel, …)` hook. */
export interface FrameEvent {
  channel: string;
  frame: ServerFrame;
}
