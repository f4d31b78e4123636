/** Chats, their members and read markers. */
import { AppError } from '../../domain/errors.js';
import type { ChatRow, ChatStore, ChatSummaryRow } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode } from './pool.js';
import { MESSAGE_COLUMNS, toMessage, uniqueIds, type MessageDbRow } from '../rows.js';

interface SummaryDbRow {
  id: number;
  title: string | null;
  last_seq: number;
  read_seq: number;
  own_unread: number;
  member_ids: number[];
  m_id: number | null;
  [column: `m_${string}`]: unknown;
}

const LAST_MESSAGE_COLUMNS = MESSAGE_COLUMNS.split(', ').map((col) => `m.${col} AS m_${col}`).join(', ');

// unread = messages after read_seq minus the reader's own among them; seqs have no gaps,
// so last_seq - read_seq counts the former without scanning messages.
const SUMMARIES = `
  SELECT c.id, c.title, c.last_seq, cm.read_seq,
         (SELECT COUNT(*) FROM messages o
           WHERE o.chat_id = c.id AND o.sender_id = cm.user_id AND o.seq > cm.read_seq) AS own_unread,
         ARRAY(SELECT x.user_id FROM chat_members x WHERE x.chat_id = c.id ORDER BY x.user_id) AS member_ids,
         ${LAST_MESSAGE_COLUMNS}
    FROM chat_members cm
    JOIN chats c ON c.id = cm.chat_id
    LEFT JOIN messages m ON m.chat_id = c.id AND m.seq = c.last_seq
   WHERE cm.user_id = $1
   ORDER BY coalesce(m.created_at, c.created_at) DESC, c.id DESC`;

function lastMessage(row: SummaryDbRow): MessageDbRow | null {
  if (row.m_id === null) return null;
  const message: Record<string, unknown> = {};
  for (const col of MESSAGE_COLUMNS.split(', ')) message[col] = row[`m_${col}`];
  return message as unknown as MessageDbRow;
}

export function createChatStore({ rows, transaction, timed }: PgContext): ChatStore {
  const memberIds = async (chatId: number) =>
    (await rows<{ user_id: number }>('SELECT user_id FROM chat_members WHERE chat_id = $1 ORDER BY user_id', [chatId])).map((r) => r.user_id);

  return {
    create: (title, ids) => timed('chats.create', () => {
      const members = uniqueIds(ids);
      // One transaction: a member that does not exist leaves no half-made chat behind.
      return transaction(async (client) => {
        const { rows: [chat] } = await client.query<{ id: number }>('INSERT INTO chats (title) VALUES ($1) RETURNING id', [title]);
        try {
          await client.query('INSERT INTO chat_members (chat_id, user_id) SELECT $1, unnest($2::bigint[])', [chat!.id, members]);
        } catch (err) {
          if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION) throw new AppError('not_found', 'user not found');
          throw err;
        }
        return { id: chat!.id, title, member_ids: members };
      });
    }),
    byId: (id) => timed('chats.byId', async (): Promise<ChatRow | null> => {
      const [row] = await rows<{ id: number; title: string | null }>('SELECT id, title FROM chats WHERE id = $1', [id]);
      return row ? { id: row.id, title: row.title, member_ids: await memberIds(id) } : null;
    }),
    memberIds: (chatId) => timed('chats.memberIds', () => memberIds(chatId)),
    isMember: (chatId, userId) => timed('chats.isMember', async () =>
      (await rows('SELECT 1 FROM chat_members WHERE chat_id = $1 AND user_id = $2', [chatId, userId])).length > 0,
    ),
    chatIdsForUser: (userId) => timed('chats.chatIdsForUser', async () =>
      (await rows<{ chat_id: number }>('SELECT chat_id FROM chat_members WHERE user_id = $1 ORDER BY chat_id', [userId])).map((r) => r.chat_id),
    ),
    listForUser: (userId) => timed('chats.listForUser', async (): Promise<ChatSummaryRow[]> =>
      (await rows<SummaryDbRow>(SUMMARIES, [userId])).map((row) => {
        const last = lastMessage(row);
        return {
          id: row.id,
          title: row.title,
          member_ids: row.member_ids,
          last_message: last ? toMessage(last) : null,
          last_seq: row.last_seq,
          read_seq: row.read_seq,
          unread_count: Math.max(0, row.last_seq - row.read_seq - row.own_unread),
        };
      }),
    ),
    // Clamped to last_seq so a client cannot mark messages read that do not exist yet,
    // and greatest() keeps the marker monotonic.
    markRead: (chatId, userId, seq) => timed('chats.markRead', async () => {
      await rows(
        `UPDATE chat_members
            SET read_seq = greatest(read_seq, least($1::bigint, (SELECT last_seq FROM chats WHERE id = chat_members.chat_id)))
          WHERE chat_id = $2 AND user_id = $3`,
        [seq, chatId, userId],
      );
    }),
  };
}
