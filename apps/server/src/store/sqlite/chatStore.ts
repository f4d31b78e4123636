/** Chats, their members and read markers. */
import type { ChatRow, ChatStore, ChatSummaryRow } from '../types.js';
import type { SqliteContext } from './context.js';
import { MESSAGE_COLUMNS, toMessage, uniqueIds, type MessageDbRow } from '../rows.js';

interface SummaryDbRow {
  id: number;
  title: string | null;
  last_seq: number;
  read_seq: number;
  own_unread: number;
  m_id: number | null;
}

export function createChatStore({ read, writer, timed }: SqliteContext): ChatStore {
  const byId = read.prepare('SELECT id, title FROM chats WHERE id = ?');
  const memberIds = read.prepare('SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id').pluck();
  const isMember = read.prepare('SELECT 1 FROM chat_members WHERE chat_id = ? AND user_id = ?').pluck();
  const chatIdsForUser = read.prepare('SELECT chat_id FROM chat_members WHERE user_id = ? ORDER BY chat_id').pluck();
  // unread = messages after read_seq minus the reader's own among them; seqs have no
  // gaps, so last_seq - read_seq counts the former without scanning messages.
  const summaries = read.prepare(
    `SELECT c.id, c.title, c.last_seq, cm.read_seq,
            (SELECT COUNT(*) FROM messages o
              WHERE o.chat_id = c.id AND o.sender_id = cm.user_id AND o.seq > cm.read_seq) AS own_unread,
            ${MESSAGE_COLUMNS.split(', ').map((col) => `m.${col} AS m_${col}`).join(', ')}
       FROM chat_members cm
       JOIN chats c ON c.id = cm.chat_id
       LEFT JOIN messages m ON m.chat_id = c.id AND m.seq = c.last_seq
      WHERE cm.user_id = ?
      ORDER BY coalesce(m.created_at, c.created_at) DESC, c.id DESC`,
  );
  const membersOfUserChats = read.prepare(
    `SELECT chat_id, user_id FROM chat_members
      WHERE chat_id IN (SELECT chat_id FROM chat_members WHERE user_id = ?)
      ORDER BY chat_id, user_id`,
  );

  function lastMessage(row: Record<string, unknown>): MessageDbRow | null {
    if (row.m_id === null) return null;
    const message: Record<string, unknown> = {};
    for (const col of MESSAGE_COLUMNS.split(', ')) message[col] = row[`m_${col}`];
    return message as unknown as MessageDbRow;
  }

  return {
    create: (title, ids) => timed('chats.create', () => writer.call('chat.create', { title, memberIds: uniqueIds(ids) })),
    byId: (id) => timed('chats.byId', (): ChatRow | null => {
      const row = byId.get(id) as { id: number; title: string | null } | undefined;
      return row ? { id: row.id, title: row.title, member_ids: memberIds.all(id) as number[] } : null;
    }),
    memberIds: (chatId) => timed('chats.memberIds', () => memberIds.all(chatId) as number[]),
    isMember: (chatId, userId) => timed('chats.isMember', () => isMember.get(chatId, userId) !== undefined),
    chatIdsForUser: (userId) => timed('chats.chatIdsForUser', () => chatIdsForUser.all(userId) as number[]),
    listForUser: (userId) => timed('chats.listForUser', (): ChatSummaryRow[] => {
      const members = new Map<number, number[]>();
      for (const { chat_id, user_id } of membersOfUserChats.all(userId) as { chat_id: number; user_id: number }[]) {
        const list = members.get(chat_id);
        if (list) list.push(user_id);
        else members.set(chat_id, [user_id]);
      }
      return (summaries.all(userId) as (SummaryDbRow & Record<string, unknown>)[]).map((row) => {
        const last = lastMessage(row);
        return {
          id: row.id,
          title: row.title,
          member_ids: members.get(row.id) ?? [],
          last_message: last ? toMessage(last) : null,
          last_seq: row.last_seq,
          read_seq: row.read_seq,
          unread_count: Math.max(0, row.last_seq - row.read_seq - row.own_unread),
        };
      });
    }),
    markRead: (chatId, userId, seq) => timed('chats.markRead', async () => {
      await writer.call('chat.markRead', { chatId, userId, seq });
    }),
  };
}
