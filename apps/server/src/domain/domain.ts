/**
 * The domain's public surface: what HTTP routes and the realtime gateway may call.
 * Rules live here (membership, connection checks, idempotency, who is notified);
 * storage lives behind `Store`; delivery happens by publishing `DomainEvent`s.
 * Every method throws `AppError` for expected failures.
 */
import type {
  BlockedUser,
  Chat,
  ChatDetail,
  ChatEvent,
  ChatSummary,
  Comment,
  Connection,
  ConnectionPeer,
  ConnectionRequest,
  Message,
  Post,
  Preferences,
  PreferencesPatch,
  SearchResults,
  User,
} from '@parley/protocol';
import type { DomainEvent } from './events.js';
import type { UploadAccess } from './uploadAccess.js';
import type { AdminApi, AuthApi, ProfileApi, SessionsApi } from './accountTypes.js';
import type { AccountAdmin } from './accountAdmin.js';

export interface SendInput {
  content: string;
  attachment?: string | null;
  clientId?: string | null;
  /** The message this one answers: an existing, non-deleted message of the same chat. */
  replyToSeq?: number | null;
  /** Members the message mentions; each must be a member of the chat. */
  mentions?: number[] | null;
}

/** The outcome of a change that may already be in effect (a reaction you already had): then `event` is null. */
export interface EventResult {
  event: ChatEvent | null;
}

export interface Domain {
  /** Accounts and tokens: see accountTypes.ts. */
  auth: AuthApi;
  sessions: SessionsApi;
  profile: ProfileApi;
  admin: AdminApi;
  /** Administration without a signed-in caller (the `parley-server admin` command). */
  accountAdmin: AccountAdmin;
  users: {
    me(userId: number): Promise<User>;
    get(viewerId: number, id: number): Promise<User>;
    search(viewerId: number, q: string): Promise<User[]>;
    /** Display names for presence and notifications. */
    names(ids: readonly number[]): Promise<Map<number, string>>;
  };
  connections: {
    request(fromUserId: number, toUserId: number): Promise<Connection>;
    accept(userId: number, connectionId: number): Promise<Connection>;
    /** The addressee turns a pending request down; the row is deleted and both sides told. */
    decline(userId: number, connectionId: number): Promise<void>;
    /** Either side ends a connection or request (declining, cancelling or removing it). */
    remove(userId: number, connectionId: number): Promise<void>;
    listAccepted(userId: number): Promise<ConnectionPeer[]>;
    listRequests(userId: number): Promise<ConnectionRequest[]>;
    acceptedPeerIds(userId: number): Promise<number[]>;
  };
  chats: {
    /** A group (a title or several others) is always new; a 1:1 chat is the pair's existing one if any (`created: false`). */
    create(userId: number, memberIds: readonly number[], title?: string | null): Promise<{ chat: Chat; created: boolean }>;
    list(userId: number): Promise<ChatSummary[]>;
    /** One chat with every member's read position; members only. */
    detail(userId: number, chatId: number): Promise<ChatDetail>;
    /** Throws AppError('forbidden') if `userId` is not a member (not_found if the chat does not exist). */
    assertMember(chatId: number, userId: number): Promise<void>;
    chatIdsForUser(userId: number): Promise<number[]>;
    memberIds(chatId: number): Promise<number[]>;
    /** Moves the reader's marker (never backwards, never past the last seq) and publishes `read`. */
    markRead(userId: number, chatId: number, seq: number): Promise<void>;
    /** The chat's events after `afterSeq` (members only): the REST replay and resume's source. */
    events(userId: number, chatId: number, afterSeq: number, limit?: number): Promise<ChatEvent[]>;
    /** Keeps this node's member cache in step with membership events from any node. */
    observe(event: DomainEvent): void;
    /** Forgets cached member lists (events may have been missed while the bus was away). */
    forgetCachedMembers(): void;
  };
  /** Changes to a chat's messages; each appends one event with the chat's next seq. */
  messageEvents: {
    /** Author only, within the edit window. */
    edit(userId: number, chatId: number, targetSeq: number, content: string, mentions?: number[] | null): Promise<ChatEvent>;
    /** Author, or an admin of the group; the content and attachment are removed from the store. */
    delete(userId: number, chatId: number, targetSeq: number): Promise<ChatEvent>;
    /** Idempotent: adding a reaction you have, or removing one you do not, returns `event: null`. */
    react(userId: number, chatId: number, targetSeq: number, reaction: string, remove: boolean): Promise<EventResult>;
  };
  /** Group membership and title. */
  members: {
    /** Group admins only; the new member must be an accepted connection of the adder. */
    add(userId: number, chatId: number, memberId: number): Promise<ChatEvent>;
    /** Group admins only; removing yourself is leaving. */
    remove(userId: number, chatId: number, memberId: number): Promise<ChatEvent>;
    leave(userId: number, chatId: number): Promise<ChatEvent>;
    rename(userId: number, chatId: number, title: string): Promise<ChatEvent>;
  };
  messages: {
    /** Validates, rate-limits, stores durably (idempotent on client_id) and publishes `message_created` once. */
    send(userId: number, chatId: number, input: SendInput): Promise<{ message: Message; created: boolean }>;
    list(userId: number, chatId: number, opts: { afterSeq?: number; beforeSeq?: number; limit?: number }): Promise<Message[]>;
    /** Publishes a `typing` event to the other members; no storage. */
    typing(userId: number, chatId: number, isTyping: boolean): Promise<void>;
  };
  /** Notification preferences, synced to all of the user's devices (`preferences_updated`). */
  preferences: {
    get(userId: number): Promise<Preferences>;
    update(userId: number, patch: PreferencesPatch): Promise<Preferences>;
  };
  /**
   * Blocks are one-directional rows but act both ways: neither can request the other,
   * message the other in their 1:1 chat or see the other's presence (their connection
   * is deleted by the block). Group chats they share stay usable by both.
   */
  blocks: {
    block(userId: number, targetId: number): Promise<{ created: boolean; blocked: BlockedUser }>;
    unblock(userId: number, targetId: number): Promise<void>;
    list(userId: number): Promise<BlockedUser[]>;
  };
  /** Upload quotas, download authorization, signed links and the unattached-file sweep. */
  uploads: UploadAccess;
  search: {
    /** GET /search: hits in chats the user is a member of now, newest first; `before` is a message id cursor. */
    messages(userId: number, input: { q: string; chatId?: number; before?: number; limit?: number }): Promise<SearchResults>;
  };
  posts: {
    create(userId: number, content: string): Promise<Post>;
    list(opts: { before?: number; limit?: number }): Promise<Post[]>;
    comment(userId: number, postId: number, content: string): Promise<Comment>;
    react(userId: number, postId: number, reaction: string): Promise<{ id: number; postId: number; userId: number; reaction: string; timestamp: string }>;
  };
}
