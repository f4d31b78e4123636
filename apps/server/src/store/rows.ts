/**
 * Column lists and row → wire mapping shared by both engines (their schemas use the
 * same column names) and by the SQLite writer thread, so every path returns
 * byte-identical objects. Engine-specific conversions (PostgreSQL's bigint and
 * timestamptz parsing) happen before rows reach these functions.
 */
import type { Comment, Connection, Message, Post } from '@parley/protocol';
import type { UserRow } from './types.js';

export const USER_COLUMNS = 'id, email, full_name, password_hash, created_at';
export const MESSAGE_COLUMNS = 'id, chat_id, seq, sender_id, content, attachment, client_id, created_at';
export const CONNECTION_COLUMNS = 'id, from_user_id, to_user_id, status, created_at';
export const POST_COLUMNS = 'id, user_id, content, created_at';
export const COMMENT_COLUMNS = 'id, post_id, user_id, content, created_at';

/** `prefix.col` for each column of a list, for joins. */
export function qualified(columns: string, prefix: string): string {
  return columns.split(', ').map((col) => `${prefix}.${col}`).join(', ');
}

export interface MessageDbRow {
  id: number;
  chat_id: number;
  seq: number;
  sender_id: number;
  content: string;
  attachment: string | null;
  client_id: string | null;
  created_at: string;
}

export function toMessage(row: MessageDbRow): Message {
  return {
    id: row.id,
    chat_id: row.chat_id,
    seq: row.seq,
    sender_id: row.sender_id,
    content: row.content,
    attachment: row.attachment,
    timestamp: row.created_at,
    client_id: row.client_id,
  };
}

/** Users are stored as they are returned (UserRow); the alias names the DB side. */
export type UserDbRow = UserRow;

export function toUser(row: UserDbRow): UserRow {
  return { id: row.id, email: row.email, full_name: row.full_name, password_hash: row.password_hash, created_at: row.created_at };
}

export interface ConnectionDbRow {
  id: number;
  from_user_id: number;
  to_user_id: number;
  status: 'pending' | 'accepted';
  created_at: string;
}

export function toConnection(row: ConnectionDbRow): Connection {
  return { id: row.id, from_user_id: row.from_user_id, to_user_id: row.to_user_id, status: row.status, created_at: row.created_at };
}

export interface PostDbRow {
  id: number;
  user_id: number;
  content: string;
  created_at: string;
}

export function toPost(row: PostDbRow): Post {
  return { id: row.id, userId: row.user_id, content: row.content, timestamp: row.created_at };
}

export interface CommentDbRow {
  id: number;
  post_id: number;
  user_id: number;
  content: string;
  created_at: string;
}

export function toComment(row: CommentDbRow): Comment {
  return { id: row.id, postId: row.post_id, userId: row.user_id, content: row.content, timestamp: row.created_at };
}

/**
 * The key `users.search_key` holds: name and email folded with JavaScript's full
 * Unicode case rules, exactly as the SQLite store folds them, so both engines find
 * the same people whatever the database's locale.
 */
export function userSearchKey(fullName: string, email: string): string {
  // A newline cannot occur in a trimmed query, so a match never spans name and email.
  return `${fullName}\n${email}`.toLowerCase();
}

/** Sorted, de-duplicated ids (chat members may name the creator twice). */
export function uniqueIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}
