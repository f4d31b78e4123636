/** Chats, their members, admins and read markers. */
import type { ReadPosition } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import type { ChatDetailRow, ChatRow, ChatStore, ChatSummaryRow } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode, type PoolClient } from './pool.js';
import { MESSAGE_COLUMNS, toMessage, uniqueIds, type MessageDbRow } from '../rows.js';

/** Members of one chat, ordered by user id: `[user_id, read_seq, is_admin]` triples. */
type MemberTriples = [number, number, boolean][];

interface SummaryDbRow {
  id: number;
  title: string | null;
  is_group: boolean;
  last_seq: number;
  read_seq: number;
  unread: number;
  members: MemberTriples;
  m_id: number | null;
  [column: `m_${string}`]: unknown;
}

const LAST_MESSAGE_COLUMNS = MESSAGE_COLUMNS.split(', ').map((col) => `m.${col} AS m_${col}`).join(', ');
const MEMBERS = `coalesce((SELECT json_agg(json_build_array(x.user_id, x.read_seq, x.is_admin) ORDER BY x.user_id)
                   FROM chat_members x WHERE x.chat_id = c.id), '[]'::json) AS members`;

// Unread: others' messages after read_seq that still exist. Events (edits, reactions,
// membership) take seqs too, so the count reads the short range after the marker.
// The last message is the newest kind 'message' row (the last seq may be an event).
const SUMMARIES = `
  SELECT c.id, c.title, c.is_group, c.last_seq, cm.read_seq,
         (SELECT COUNT(*)::int FROM messages o
           WHERE o.chat_id = c.id AND o.seq > cm.read_seq AND o.kind = 'message'
             AND o.sender_id <> cm.user_id AND NOT o.deleted) AS unread,
         ${MEMBERS},
         ${LAST_MESSAGE_COLUMNS}
    FROM chat_members cm
    JOIN chats c ON c.id = cm.chat_id
    LEFT JOIN messages m ON m.id = (SELECT l.id FROM messages l WHERE l.chat_id = c.id AND l.kind = 'message' ORDER BY l.seq DESC LIMIT 1)
   WHERE cm.user_id = $1
   ORDER BY coalesce(m.created_at, c.created_at) DESC, c.id DESC`;

function lastMessage(row: SummaryDbRow): MessageDbRow | null {
  if (row.m_id === null) return null;
  const message: Record<string, unknown> = {};
  for (const col of MESSAGE_COLUMNS.split(', ')) message[col] = row[`m_${col}`];
  return message as unknown as MessageDbRow;
}

function fromTriples(triples: MemberTriples): { member_ids: number[]; admin_ids: number[]; reads: ReadPosition[] } {
  return {
    member_ids: triples.map(([id]) => Number(id)),
    admin_ids: triples.filter(([, , admin]) => admin).map(([id]) => Number(id)),
    reads: triples.map(([id, seq]) => ({ user_id: Number(id), seq: Number(seq) })),
  };
}

export function createChatStore({ rows, transaction, timed }: PgContext): ChatStore {
  const memberIds = async (chatId: number) =>
    (await rows<{ user_id: number }>('SELECT user_id FROM chat_members WHERE chat_id = $1 ORDER BY user_id', [chatId])).map((r) => r.user_id);

  async function detail(id: number): Promise<ChatDetailRow | null> {
    const [row] = await rows<{ id: number; title: string | null; is_group: boolean; last_seq: number; members: MemberTriples }>(
      `SELECT c.id, c.title, c.is_group, c.last_seq, ${MEMBERS} FROM chats c WHERE c.id = $1`,
      [id],
    );
    return row ? { id: row.id, title: row.title, is_group: row.is_group, last_seq: row.last_seq, ...fromTriples(row.members) } : null;
  }

  async function existingPair(client: PoolClient, pairKey: string): Promise<ChatRow | null> {
    const { rows: [chat] } = await client.query<{ id: number; title: string | null }>('SELECT id, title FROM chats WHERE pair_key = $1', [pairKey]);
    if (!chat) return null;
    const { rows: members } = await client.query<{ user_id: number }>('SELECT user_id FROM chat_members WHERE chat_id = $1 ORDER BY user_id', [chat.id]);
    return { id: chat.id, title: chat.title, member_ids: members.map((m) => m.user_id), is_group: false, admin_ids: [] };
  }

  async function insertMembers(client: PoolClient, chatId: number, members: number[], adminId: number | null): Promise<void> {
    try {
      await client.query(
        'INSERT INTO chat_members (chat_id, user_id, is_admin) SELECT $1, u, u = $3 IS TRUE FROM unnest($2::bigint[]) AS u',
        [chatId, members, adminId],
      );
    } catch (err) {
      if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION) throw new AppError('not_found', 'user not found');
      throw err;
    }
  }

  return {
    create: (title, ids, adminId) => timed('chats.create', () => {
      const members = uniqueIds(ids);
      // One transaction: a member that does not exist leaves no half-made chat behind.
      return transaction(async (client) => {
        const { rows: [chat] } = await client.query<{ id: number }>('INSERT INTO chats (title, is_group) VALUES ($1, true) RETURNING id', [title]);
        await insertMembers(client, chat!.id, members, adminId ?? null);
        return { id: chat!.id, title, member_ids: members, is_group: true, admin_ids: adminId != null && members.includes(adminId) ? [adminId] : [] };
      });
    }),
    openPair: (a, b) => timed('chats.openPair', () => {
      const members = uniqueIds([a, b]);
      const pairKey = members.join(':');
      return transaction(async (client) => {
        // A racing create of the same pair waits on the unique index and then inserts
        // nothing; the next statement sees the winner's committed chat.
        const { rows: [chat] } = await client.query<{ id: number }>(
          'INSERT INTO chats (title, is_group, pair_key) VALUES (NULL, false, $1) ON CONFLICT (pair_key) WHERE pair_key IS NOT NULL DO NOTHING RETURNING id',
          [pairKey],
        );
        if (!chat) {
          const existing = await existingPair(client, pairKey);
          if (!existing) throw new Error(`chat for pair ${pairKey} vanished`);
          return { chat: existing, created: false };
        }
        await insertMembers(client, chat.id, members, null);
        return { chat: { id: chat.id, title: null, member_ids: members, is_group: false, admin_ids: [] }, created: true };
      });
    }),
    byId: (id) => timed('chats.byId', async (): Promise<ChatRow | null> => {
      const d = await detail(id);
      return d ? { id: d.id, title: d.title, member_ids: d.member_ids, is_group: d.is_group, admin_ids: d.admin_ids } : null;
    }),
    detail: (id) => timed('chats.detail', () => detail(id)),
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
          is_group: row.is_group,
          ...fromTriples(row.members),
          last_message: last ? toMessage(last) : null,
          last_seq: row.last_seq,
          read_seq: row.read_seq,
          unread_count: row.unread,
        };
      }),
    ),
    // Clamped to last_seq so a client cannot mark messages read that do not exist yet;
    // only a forward move is written (and answered), which keeps the marker monotonic.
    markRead: (chatId, userId, seq) => timed('chats.markRead', async () => {
      const [row] = await rows<{ read_seq: number }>(
        `UPDATE chat_members
            SET read_seq = least($1::bigint, (SELECT last_seq FROM chats WHERE id = chat_members.chat_id))
          WHERE chat_id = $2 AND user_id = $3
            AND read_seq < least($1::bigint, (SELECT last_seq FROM chats WHERE id = chat_members.chat_id))
          RETURNING read_seq`,
        [seq, chatId, userId],
      );
      return row?.read_seq ?? null;
    }),
  };
}
