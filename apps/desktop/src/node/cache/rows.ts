/** Row shapes of the cache tables and their conversion to the views the UI shows. */
import type { MessageReaction } from '@parley/protocol';
import type { MessageView } from '../../common/views.js';

export interface MessageRow {
  chat_id: number;
  seq: number;
  id: number;
  sender_id: number;
  content: string;
  attachment: string | null;
  timestamp: string;
  client_id: string | null;
  edited_at: string | null;
  /** 1 once the message is a tombstone (content and attachment gone). */
  deleted: number;
  reply_to_seq: number | null;
  /** JSON MessageReaction[]. */
  reactions: string;
  /** Seq of the edit the content comes from (0: as sent, or as a REST page showed it). */
  content_seq: number;
  /** JSON user ids the message mentions. */
  mentions: string;
}

export interface OutboxRow {
  client_id: string;
  ord: number;
  chat_id: number;
  content: string;
  attachment: string | null;
  created_at: string;
  state: 'pending' | 'failed';
  error: string | null;
  attempts: number;
  reply_to_seq: number | null;
  /** JSON user ids the message mentions. */
  mentions: string;
}

export function messageView(row: MessageRow): MessageView {
  return {
    key: `m${row.id}`,
    id: row.id,
    seq: row.seq,
    chat_id: row.chat_id,
    sender_id: row.sender_id,
    content: row.content,
    attachment: row.attachment,
    timestamp: row.timestamp,
    client_id: row.client_id,
    state: 'sent',
    edited_at: row.edited_at,
    deleted: row.deleted === 1,
    reply_to_seq: row.reply_to_seq,
    reactions: JSON.parse(row.reactions) as MessageReaction[],
    mentions: JSON.parse(row.mentions) as number[],
  };
}

export function outboxView(row: OutboxRow, me: number): MessageView {
  const view: MessageView = {
    key: `c${row.client_id}`,
    id: null,
    seq: null,
    chat_id: row.chat_id,
    sender_id: me,
    content: row.content,
    attachment: row.attachment,
    timestamp: row.created_at,
    client_id: row.client_id,
    state: row.state,
    edited_at: null,
    deleted: false,
    reply_to_seq: row.reply_to_seq,
    reactions: [],
    mentions: JSON.parse(row.mentions) as number[],
  };
  if (row.error) view.error = row.error;
  return view;
}
