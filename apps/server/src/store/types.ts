/**
 * The storage contract. SQLite (`store/sqlite/`) is the zero-configuration default;
 * a PostgreSQL implementation plugs in behind the same interfaces, so nothing above
 * `store/` knows which engine runs. Every method is async so a networked engine fits.
 *
 * Rows use the wire names of `@parley/protocol` where one exists, so the domain can
 * return them without copying.
 */
import type { ChatEvent, Comment, Connection, Message, ParsedSearch, Post, Preferences, PreferencesPatch, ReadPosition } from '@parley/protocol';
import type { AccountUserStore, InviteStore, SessionStore, UserRole, UserStatus } from './accountTypes.js';

export interface UserRow {
  id: number;
  email: string;
  full_name: string;
  password_hash: string;
  created_at: string;
  role: UserRole;
  status: UserStatus;
  avatar_url: string | null;
}

export interface NewMessage {
  chatId: number;
  senderId: number;
  content: string;
  attachment: string | null;
  /** The attachment's original name and size as recorded at upload, copied onto the message. */
  attachmentName?: string | null;
  attachmentSize?: number | null;
  clientId: string | null;
  /** The message this one answers; checked by the domain before appending. */
  replyToSeq?: number | null;
  /** Members the message mentions; checked by the domain (members of the chat, no repeats). */
  mentions?: number[];
}

/** A change to a chat other than a plain message; each becomes one event with the next seq. */
export type ChatEventChange =
  | { type: 'message_edited'; targetSeq: number; content: string; mentions?: number[]; editWindowMs: number }
  | { type: 'message_deleted'; targetSeq: number }
  | { type: 'reaction_added'; targetSeq: number; reaction: string; maxReactions: number }
  | { type: 'reaction_removed'; targetSeq: number; reaction: string }
  | { type: 'member_added'; userId: number; maxMembers: number }
  | { type: 'member_removed'; userId: number }
  | { type: 'member_left' }
  | { type: 'chat_renamed'; title: string | null };

export interface NewChatEvent {
  chatId: number;
  actorId: number;
  change: ChatEventChange;
}

export interface AppendedEvent {
  /** null when the change was already in effect (a reaction you already had): nothing was written. */
  event: ChatEvent | null;
  /** The deleted message's attachment URL, so its file can be removed. */
  removedAttachment: string | null;
}

/** `inviteCode`, when given, must name an unused, unexpired invite, consumed with the insert (else AppError('forbidden')). */
export interface NewUser {
  email: string;
  fullName: string;
  passwordHash: string;
  role?: UserRole;
  inviteCode?: string | null;
}

export interface UserStore extends AccountUserStore {
  /** Throws AppError('conflict') when the email is taken. */
  create(input: NewUser): Promise<UserRow>;
  byId(id: number): Promise<UserRow | null>;
  byEmail(email: string): Promise<UserRow | null>;
  byIds(ids: readonly number[]): Promise<UserRow[]>;
  /** Case-insensitive match on the display name only (never the email), excluding `exceptId`. */
  search(q: string, exceptId: number, limit: number): Promise<UserRow[]>;
}

export interface ConnectionStore {
  /** Returns the existing row if a request between the two users (either direction) exists. */
  create(fromUserId: number, toUserId: number): Promise<{ connection: Connection; created: boolean }>;
  byId(id: number): Promise<Connection | null>;
  accept(id: number): Promise<Connection>;
  /** Accepted peers of `userId` with the connection id. */
  listAccepted(userId: number): Promise<{ connectionId: number; peer: UserRow }[]>;
  acceptedPeerIds(userId: number): Promise<number[]>;
  listPendingTo(userId: number): Promise<(Connection & { from_user_name: string })[]>;
  areConnected(a: number, b: number): Promise<boolean>;
  /** Deletes the row (a declined request, a removed connection); returns it, or null if it was gone. */
  remove(id: number): Promise<Connection | null>;
}

export interface ChatRow {
  id: number;
  title: string | null;
  member_ids: number[];
  is_group: boolean;
  admin_ids: number[];
}

export interface ChatDetailRow extends ChatRow {
  last_seq: number;
  reads: ReadPosition[];
}

export interface ChatSummaryRow extends ChatDetailRow {
  last_message: Message | null;
  read_seq: number;
  /** Messages after `read_seq` sent by others and not deleted (your own messages are never unread). */
  unread_count: number;
}

export interface ChatStore {
  /** A new group chat (always new); `adminId`, if given, is its first admin. */
  create(title: string | null, memberIds: readonly number[], adminId?: number | null): Promise<ChatRow>;
  /**
   * The 1:1 chat of two users: the existing one (`created: false`), or a new one. Unique
   * per pair even when both ask at once, on any number of nodes.
   */
  openPair(a: number, b: number): Promise<{ chat: ChatRow; created: boolean }>;
  byId(id: number): Promise<ChatRow | null>;
  /** The chat with every member's read position. */
  detail(id: number): Promise<ChatDetailRow | null>;
  memberIds(chatId: number): Promise<number[]>;
  isMember(chatId: number, userId: number): Promise<boolean>;
  chatIdsForUser(userId: number): Promise<number[]>;
  listForUser(userId: number): Promise<ChatSummaryRow[]>;
  /**
   * Monotonic: never moves the read marker backwards nor past the last seq. Returns the
   * new marker when it moved forward, null when nothing changed (or not a member).
   */
  markRead(chatId: number, userId: number, seq: number): Promise<number | null>;
}

export interface MessageStore {
  /**
   * Assigns the next per-chat seq (1, 2, 3 … without gaps) and commits durably before
   * resolving. Idempotent on (senderId, clientId): a repeat returns the stored message
   * with `created: false` and writes nothing.
   */
  append(input: NewMessage): Promise<{ message: Message; created: boolean }>;
  /**
   * Checks a change against the chat as it is at that moment (see eventRules.ts),
   * applies it and appends its event with the next seq, in one transaction: the event
   * is durable before this resolves. Deleting removes the message's content and
   * attachment, including the text of earlier edits. Throws AppError when refused.
   */
  appendEvent(input: NewChatEvent): Promise<AppendedEvent>;
  /** The chat's events with seq > afterSeq, in seq order. */
  events(chatId: number, afterSeq: number, limit: number): Promise<ChatEvent[]>;
  /** The message with this seq (kind message only), or null. */
  messageAt(chatId: number, seq: number): Promise<Message | null>;
  /** Whether any message still references this upload URL, or a user shows it as their avatar. */
  attachmentInUse(url: string): Promise<boolean>;
  /**
   * Messages only (kind message), each in its current state with its reactions, in seq
   * order. `afterSeq` pages forward, `beforeSeq` pages backward (still returned
   * ascending); with both, the first `limit` messages between them; with neither, the
   * latest `limit` messages.
   */
  list(chatId: number, opts: { afterSeq?: number; beforeSeq?: number; limit: number }): Promise<Message[]>;
  lastSeq(chatId: number): Promise<number>;
  /**
   * Live messages (not deleted) of chats `userId` is a member of right now, matching
   * `query`, newest first (by message id), ids below `beforeId`. See searchSql.ts.
   */
  search(input: MessageSearch): Promise<Message[]>;
}

export interface MessageSearch {
  userId: number;
  query: ParsedSearch;
  chatId?: number;
  beforeId?: number;
  limit: number;
}

export interface PostStore {
  create(userId: number, content: string): Promise<Post>;
  byId(id: number): Promise<Post | null>;
  /** Newest first; `before` is a post id cursor. */
  list(opts: { before?: number; limit: number }): Promise<Post[]>;
  addComment(postId: number, userId: number, content: string): Promise<Comment>;
  listComments(postId: number): Promise<Comment[]>;
  addReaction(postId: number, userId: number, reaction: string): Promise<{ id: number; timestamp: string }>;
}

export interface PreferencesStore {
  /** The user's preferences, or the defaults if they never changed any. */
  get(userId: number): Promise<Preferences>;
  /** Merges the patch (mergePreferences) under the row's lock and returns the result; version grows by one. */
  update(userId: number, patch: PreferencesPatch): Promise<Preferences>;
}

export interface UploadRow {
  /** The stored file name, `<random>.<ext>`. */
  name: string;
  owner_id: number;
  /** The name it was uploaded under (sanitized), shown to people. */
  original_name: string;
  size: number;
  content_type: string;
  created_at: string;
  /** When a message first referenced it; null while unattached. */
  attached_at: string | null;
}

export interface UploadStore {
  create(row: Omit<UploadRow, 'created_at' | 'attached_at'>): Promise<UploadRow>;
  byName(name: string): Promise<UploadRow | null>;
  /** Bytes kept by `ownerId` and by everyone. */
  usage(ownerId: number): Promise<{ user: number; total: number }>;
  /** Records that a message now references the file (first time only). */
  markAttached(name: string): Promise<void>;
  /** Whether `userId` is a member of a chat with a message that references `url`, or `url` is someone's avatar. */
  visibleTo(url: string, userId: number): Promise<boolean>;
  /** Unattached uploads created before `beforeIso`, oldest first. */
  unattachedBefore(beforeIso: string, limit: number): Promise<UploadRow[]>;
  /** Deletes the row (idempotent). */
  remove(name: string): Promise<void>;
}

export interface BlockRow {
  blocked: UserRow;
  created_at: string;
}

export interface BlockStore {
  /**
   * `blockerId` blocks `blockedId` and, in the same transaction, any connection or request
   * between them is deleted (returned so its end can be announced). `created` is false
   * when the block already existed.
   */
  add(blockerId: number, blockedId: number): Promise<{ created: boolean; removedConnection: Connection | null }>;
  /** Returns whether a block was removed. */
  remove(blockerId: number, blockedId: number): Promise<boolean>;
  list(blockerId: number): Promise<BlockRow[]>;
  /** Whether either user has blocked the other. */
  between(a: number, b: number): Promise<boolean>;
  /** Everyone `userId` blocked or was blocked by. */
  involving(userId: number): Promise<number[]>;
}

/** Whether the store can serve requests; `reason` says why not (for logs and /healthz). */
export interface StoreHealth {
  ok: boolean;
  reason?: string;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  users: UserStore;
  connections: ConnectionStore;
  chats: ChatStore;
  messages: MessageStore;
  posts: PostStore;
  preferences: PreferencesStore;
  uploads: UploadStore;
  blocks: BlockStore;
  sessions: SessionStore;
  invites: InviteStore;
  /** Not ok once the store lost its engine (the writer thread died, the pool is gone) or closed. */
  health(): StoreHealth;
  /** Flushes pending writes and closes; safe to call twice. */
  close(): Promise<void>;
}
