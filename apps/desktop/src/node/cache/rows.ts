/** Row shapes of the cache tables and their conversion to the views the UI shows. */
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
  };
  if (row.error) view.error = row.error;
  return view;
}
