/** Chats, their members, admins and read markers. */
import type { ReadPosition } from '@parley/protocol';
import type { ChatDetailRow, ChatRow, ChatStore, ChatSummaryRow } from '../types.js';
import type { SqliteContext } from './context.js';
import { MESSAGE_COLUMNS, toMessage, type MessageDbRow } from '../rows.js';

interface SummaryDbRow {
  id: number;
  title: string | null;
  is_group: number;
  last_seq: number;
  read_seq: number;
  unread: number;
  m_id: number | null;
}

interface MemberDbRow {
  chat_id: number;
  user_id: number;
  read_seq: number;
  is_admin: number;
}

/** Members, admins and read positions of one chat, from its member rows (ordered by user id). */
interface ChatMembers {
  member_ids: number[];
  admin_ids: number[];
  reads: ReadPosition[];
}

function groupMembers(rows: readonly MemberDbRow[]): Map<number, ChatMembers> {
  const out = new Map<number, ChatMembers>();
  for (const row of rows) {
    let chat = out.get(row.chat_id);
    if (!chat) out.set(row.chat_id, (chat = { member_ids: [], admin_ids: [], reads: [] }));
    chat.member_ids.push(row.user_id);
    if (row.is_admin) chat.admin_ids.push(row.user_id);
    chat.reads.push({ user_id: row.user_id, seq: row.read_seq });
  }
  return out;
}

const NO_MEMBERS: ChatMembers = { member_ids: [], admin_ids: [], reads: [] };

export function createChatStore({ read, writer, timed }: SqliteContext): ChatStore {
  const byId = read.prepare('SELECT id, title, is_group, last_seq FROM chats WHERE id = ?');
  const membersOf = read.prepare('SELECT chat_id, user_id, read_seq, is_admin FROM chat_members WHERE chat_id = ? ORDER BY user_id');
  const memberIds = read.prepare('SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id').pluck();
  const isMember = read.prepare('SELECT 1 FROM chat_members WHERE chat_id = ? AND user_id = ?').pluck();
  const chatIdsForUser = read.prepare('SELECT chat_id FROM chat_members WHERE user_id = ? ORDER BY chat_id').pluck();
  // Unread: others' messages after read_seq that still exist. Events (edits, reactions,
  // membership) take seqs too, so the count reads the short range after the marker.
  // The last message is the newest kind 'message' row (the last seq may be an event).
  const summaries = read.prepare(
    `SELECT c.id, c.title, c.is_group, c.last_seq, cm.read_seq,
            (SELECT COUNT(*) FROM messages o
              WHERE o.chat_id = c.id AND o.seq > cm.read_seq AND o.kind = 'message'
                AND o.sender_id <> cm.user_id AND o.deleted = 0) AS unread,
            ${MESSAGE_COLUMNS.split(', ').map((col) => `m.${col} AS m_${col}`).join(', ')}
       FROM chat_members cm
       JOIN chats c ON c.id = cm.chat_id
       LEFT JOIN messages m ON m.id = (SELECT l.id FROM messages l WHERE l.chat_id = c.id AND l.kind = 'message' ORDER BY l.seq DESC LIMIT 1)
      WHERE cm.user_id = ?
      ORDER BY coalesce(m.created_at, c.created_at) DESC, c.id DESC`,
  );
  const membersOfUserChats = read.prepare(
    `SELECT chat_id, user_id, read_seq, is_admin FROM chat_members
      WHERE chat_id IN (SELECT chat_id FROM chat_members WHERE user_id = ?)
      ORDER BY chat_id, user_id`,
  );

  function lastMessage(row: Record<string, unknown>): MessageDbRow | null {
    if (row.m_id === null) return null;
    const message: Record<string, unknown> = {};
    for (const col of MESSAGE_COLUMNS.split(', ')) message[col] = row[`m_${col}`];
    return message as unknown as MessageDbRow;
  }

  function detail(id: number): ChatDetailRow | null {
    const row = byId.get(id) as { id: number; title: string | null; is_group: number; last_seq: number } | undefined;
    if (!row) return null;
    const members = groupMembers(membersOf.all(id) as MemberDbRow[]).get(id) ?? NO_MEMBERS;
    return { id: row.id, title: row.title, is_group: row.is_group === 1, last_seq: row.last_seq, ...members };
  }

  return {
    create: (title, ids, adminId) => timed('chats.create', () => writer.call('chat.create', { title, memberIds: [...ids], adminId: adminId ?? null })),
    openPair: (a, b) => timed('chats.openPair', () => writer.call('chat.openPair', { a, b })),
    byId: (id) => timed('chats.byId', (): ChatRow | null => {
      const d = detail(id);
      return d ? { id: d.id, title: d.title, member_ids: d.member_ids, is_group: d.is_group, admin_ids: d.admin_ids } : null;
    }),
    detail: (id) => timed('chats.detail', () => detail(id)),
    memberIds: (chatId) => timed('chats.memberIds', () => memberIds.all(chatId) as number[]),
    isMember: (chatId, userId) => timed('chats.isMember', () => isMember.get(chatId, userId) !== undefined),
    chatIdsForUser: (userId) => timed('chats.chatIdsForUser', () => chatIdsForUser.all(userId) as number[]),
    listForUser: (userId) => timed('chats.listForUser', (): ChatSummaryRow[] => {
      const members = groupMembers(membersOfUserChats.all(userId) as MemberDbRow[]);
      return (summaries.all(userId) as (SummaryDbRow & Record<string, unknown>)[]).map((row) => {
        const last = lastMessage(row);
        return {
          id: row.id,
          title: row.title,
          is_group: row.is_group === 1,
          ...(members.get(row.id) ?? NO_MEMBERS),
          last_message: last ? toMessage(last) : null,
          last_seq: row.last_seq,
          read_seq: row.read_seq,
          unread_count: row.unread,
        };
      });
    }),
    markRead: (chatId, userId, seq) => timed('chats.markRead', () => writer.call('chat.markRead', { chatId, userId, seq })),
  };
}
