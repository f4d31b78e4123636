/**
 * Column lists and row → wire mapping shared by both engines (their schemas use the
 * same column names) and by the SQLite writer thread, so every path returns
 * byte-identical objects. Engine-specific conversions (PostgreSQL's bigint and
 * timestamptz parsing) happen before rows reach these functions.
 */
import type { ChatEvent, Comment, Connection, Message, Post } from '@parley/protocol';
import type { UserRow } from './types.js';

export const USER_COLUMNS = 'id, email, full_name, password_hash, created_at, role, status, avatar_url';
export const MESSAGE_COLUMNS = 'id, chat_id, seq, sender_id, content, attachment, attachment_name, attachment_size, client_id, created_at, reply_to_seq, edited_at, deleted, mentions';
/** A row of the chat's event log (`messages` holds every event, `kind` says which). */
export const EVENT_COLUMNS = `${MESSAGE_COLUMNS}, kind, target_seq, data`;
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
  /** Copied from the upload row when the message was sent; null without an attachment. */
  attachment_name: string | null;
  attachment_size: number | null;
  client_id: string | null;
  created_at: string;
  reply_to_seq: number | null;
  edited_at: string | null;
  /** SQLite stores 0/1, PostgreSQL a boolean. */
  deleted: number | boolean;
  /** SQLite stores a JSON array, PostgreSQL a bigint[]; null when none. */
  mentions: string | number[] | null;
}

function mentionsOf(row: { mentions: string | number[] | null }): number[] {
  if (row.mentions === null) return [];
  return typeof row.mentions === 'string' ? (JSON.parse(row.mentions) as number[]) : row.mentions;
}

/** How a store writes mentions: SQLite a JSON array, null when there are none. */
export function mentionsJson(mentions: readonly number[] | undefined): string | null {
  return mentions && mentions.length > 0 ? JSON.stringify(mentions) : null;
}

/** A message in its current state; reactions are filled in by the reader that gathers them. */
export function toMessage(row: MessageDbRow): Message {
  return {
    id: row.id,
    chat_id: row.chat_id,
    seq: row.seq,
    sender_id: row.sender_id,
    content: row.content,
    attachment: row.attachment,
    attachment_name: row.attachment_name,
    attachment_size: row.attachment_size,
    timestamp: row.created_at,
    client_id: row.client_id,
    reply_to_seq: row.reply_to_seq,
    edited_at: row.edited_at,
    deleted: Boolean(row.deleted),
    reactions: [],
    mentions: mentionsOf(row),
  };
}

export interface EventDbRow extends MessageDbRow {
  kind: string;
  target_seq: number | null;
  /** JSON text on SQLite, already parsed jsonb on PostgreSQL. */
  data: string | Record<string, unknown> | null;
}

/** Event-specific fields kept in the `data` column. */
export interface EventData {
  reaction?: string;
  user_id?: number;
  member_ids?: number[];
  /** Member events: the group's admins after the event. */
  admin_ids?: number[];
  title?: string | null;
}

function eventData(row: EventDbRow): EventData {
  if (row.data === null) return {};
  return (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as EventData;
}

/** The frame resume, REST replay and live delivery all send for one event row. */
export function toChatEvent(row: EventDbRow): ChatEvent {
  const base = { chat_id: row.chat_id, seq: row.seq, actor_id: row.sender_id, timestamp: row.created_at };
  const data = eventData(row);
  switch (row.kind) {
    case 'message': {
      const frame: ChatEvent = {
        type: 'new_message',
        ...base,
        message_id: row.id,
        sender_id: row.sender_id,
        content: row.content,
        attachment: row.attachment,
        attachment_name: row.attachment_name,
        attachment_size: row.attachment_size,
        reply_to_seq: row.reply_to_seq,
        mentions: mentionsOf(row),
      };
      if (row.client_id != null) frame.client_id = row.client_id;
      return frame;
    }
    case 'message_edited':
      return { type: 'message_edited', ...base, target_seq: row.target_seq!, content: row.content, edited_at: row.created_at, mentions: mentionsOf(row) };
    case 'message_deleted':
      return { type: 'message_deleted', ...base, target_seq: row.target_seq! };
    case 'reaction_added':
    case 'reaction_removed':
      return { type: row.kind, ...base, target_seq: row.target_seq!, reaction: data.reaction ?? '' };
    case 'member_added':
    case 'member_removed':
    case 'member_left':
      return { type: row.kind, ...base, user_id: data.user_id!, member_ids: data.member_ids ?? [], ...(data.admin_ids ? { admin_ids: data.admin_ids } : {}) };
    case 'chat_renamed':
      return { type: 'chat_renamed', ...base, title: data.title ?? null };
    default:
      throw new Error(`unknown event kind ${JSON.stringify(row.kind)} at chat ${row.chat_id} seq ${row.seq}`);
  }
}

/** Users are stored as they are returned (UserRow); the alias names the DB side. */
export type UserDbRow = UserRow;

export function toUser(row: UserDbRow): UserRow {
  return {
    id: row.id,
    email: row.email,
    full_name: row.full_name,
    password_hash: row.password_hash,
    created_at: row.created_at,
    role: row.role,
    status: row.status,
    avatar_url: row.avatar_url,
  };
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
 * The key `users.search_key` holds: the display name folded with JavaScript's full
 * Unicode case rules, so both engines find the same people whatever the database's
 * locale. Never the email: people search must not become an address oracle
 * (migration 005 removed the email from existing keys).
 */
export function userSearchKey(fullName: string): string {
  return fullName.toLowerCase();
}

/** Sorted, de-duplicated ids (chat members may name the creator twice). */
export function uniqueIds(ids: readonly number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}
