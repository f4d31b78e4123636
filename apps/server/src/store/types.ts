/**
 * The storage contract. SQLite (`store/sqlite/`) is the zero-configuration default;
 * a PostgreSQL implementation plugs in behind the same interfaces, so nothing above
 * `store/` knows which engine runs. Every method is async so a networked engine fits.
 *
 * Rows use the wire names of `@parley/protocol` where one exists, so the domain can
 * return them without copying.
 */
import type { Comment, Connection, Message, Post } from '@parley/protocol';

export interface UserRow {
  id: number;
  email: string;
  full_name: string;
  password_hash: string;
  created_at: string;
}

export interface NewMessage {
  chatId: number;
  senderId: number;
  content: string;
  attachment: string | null;
  clientId: string | null;
}

export interface UserStore {
  /** Throws AppError('conflict') when the email is taken. */
  create(input: { email: string; fullName: string; passwordHash: string }): Promise<UserRow>;
  byId(id: number): Promise<UserRow | null>;
  byEmail(email: string): Promise<UserRow | null>;
  byIds(ids: readonly number[]): Promise<UserRow[]>;
  /** Case-insensitive match on name or email, excluding `exceptId`. */
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
}

export interface ChatRow {
  id: number;
  title: string | null;
  member_ids: number[];
}

export interface ChatSummaryRow extends ChatRow {
  last_message: Message | null;
  last_seq: number;
  read_seq: number;
  /** Messages after `read_seq` sent by others (your own messages are never unread). */
  unread_count: number;
}

export interface ChatStore {
  create(title: string | null, memberIds: readonly number[]): Promise<ChatRow>;
  byId(id: number): Promise<ChatRow | null>;
  memberIds(chatId: number): Promise<number[]>;
  isMember(chatId: number, userId: number): Promise<boolean>;
  chatIdsForUser(userId: number): Promise<number[]>;
  listForUser(userId: number): Promise<ChatSummaryRow[]>;
  /** Monotonic: never moves the read marker backwards. */
  markRead(chatId: number, userId: number, seq: number): Promise<void>;
}

export interface MessageStore {
  /**
   * Assigns the next per-chat seq (1, 2, 3 … without gaps) and commits durably before
   * resolving. Idempotent on (senderId, clientId): a repeat returns the stored message
   * with `created: false` and writes nothing.
   */
  append(input: NewMessage): Promise<{ message: Message; created: boolean }>;
  /**
   * In seq order. `afterSeq` pages forward, `beforeSeq` pages backward (still returned
   * ascending); with both, the first `limit` messages between them; with neither, the
   * latest `limit` messages.
   */
  list(chatId: number, opts: { afterSeq?: number; beforeSeq?: number; limit: number }): Promise<Message[]>;
  lastSeq(chatId: number): Promise<number>;
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
  /** Not ok once the store lost its engine (the writer thread died, the pool is gone) or closed. */
  health(): StoreHealth;
  /** Flushes pending writes and closes; safe to call twice. */
  close(): Promise<void>;
}
