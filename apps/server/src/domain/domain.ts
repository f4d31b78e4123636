/**
 * The domain's public surface: what HTTP routes and the realtime gateway may call.
 * Rules live here (membership, connection checks, idempotency, who is notified);
 * storage lives behind `Store`; delivery happens by publishing `DomainEvent`s.
 * Every method throws `AppError` for expected failures.
 */
import type {
  AuthResponse,
  Chat,
  ChatSummary,
  Comment,
  Connection,
  ConnectionPeer,
  ConnectionRequest,
  Message,
  Post,
  User,
} from '@parley/protocol';

export interface SendInput {
  content: string;
  attachment?: string | null;
  clientId?: string | null;
}

export interface Domain {
  auth: {
    register(input: { email: string; password: string; full_name: string }): Promise<AuthResponse>;
    login(input: { email: string; password: string }): Promise<AuthResponse>;
    /** A fresh token for a user whose current token is valid. */
    refresh(userId: number): Promise<AuthResponse>;
    /** Verifies signature (HS256 only) and expiry; returns the user id or throws AppError('unauthorized'). */
    verifyToken(token: string): number;
  };
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
    listAccepted(userId: number): Promise<ConnectionPeer[]>;
    listRequests(userId: number): Promise<ConnectionRequest[]>;
    acceptedPeerIds(userId: number): Promise<number[]>;
  };
  chats: {
    create(userId: number, memberIds: readonly number[], title?: string | null): Promise<Chat>;
    list(userId: number): Promise<ChatSummary[]>;
    /** Throws AppError('forbidden') if `userId` is not a member (not_found if the chat does not exist). */
    assertMember(chatId: number, userId: number): Promise<void>;
    chatIdsForUser(userId: number): Promise<number[]>;
    memberIds(chatId: number): Promise<number[]>;
    markRead(userId: number, chatId: number, seq: number): Promise<void>;
  };
  messages: {
    /** Validates, rate-limits, stores durably (idempotent on client_id) and publishes `message_created` once. */
    send(userId: number, chatId: number, input: SendInput): Promise<{ message: Message; created: boolean }>;
    list(userId: number, chatId: number, opts: { afterSeq?: number; beforeSeq?: number; limit?: number }): Promise<Message[]>;
    /** Publishes a `typing` event to the other members; no storage. */
    typing(userId: number, chatId: number, isTyping: boolean): Promise<void>;
  };
  posts: {
    create(userId: number, content: string): Promise<Post>;
    list(opts: { before?: number; limit?: number }): Promise<Post[]>;
    comment(userId: number, postId: number, content: string): Promise<Comment>;
    react(userId: number, postId: number, reaction: string): Promise<{ id: number; postId: number; userId: number; reaction: string; timestamp: string }>;
  };
}
