/**
 * Chats, messages, sync cursors, read state and the outbox: the tables a message
 * passes through. Guarantees: a message is stored once per (chat, seq) however often it
 * is replayed; a chat's cursor only moves across an unbroken run of committed rows; a
 * server echo carrying our client_id settles the matching outbox entry in the same
 * transaction that stores the message.
 */
import type Database from 'better-sqlite3';
import type { Chat, ChatSummary, Message } from '@parley/protocol';
import type { ChatView, MessageView } from '../../common/views.js';
import { messageView, outboxView, type MessageRow, type OutboxRow } from './rows.js';

/** On first sight of a chat, cache this many recent messages (older ones load on scroll)… */
const INITIAL_WINDOW = 200;
/** …but fetch every unread message up to this many. */
const MAX_INITIAL_UNREAD = 2000;

interface ChatRow {
  id: number;
  title: string | null;
  member_ids: string;
  last_seq: number;
  read_seq: number;
  read_seq_sent: number;
}

export interface InsertResult {
  /** Rows that were not in the cache before, in seq order per chat. */
  inserted: MessageView[];
  /** Outbox client_ids settled by their echo. */
  settled: string[];
  /** Chats whose cursor is still below the newest known seq: a hole to fetch. */
  holes: { chatId: number; afterSeq: number }[];
  /** Chats we had never seen (refresh the chat list). */
  unknownChats: number[];
}

export function createMessagesRepo(db: Database.Database) {
  const s = {
    chat: db.prepare<[number], ChatRow>('SELECT * FROM chats WHERE id = ?'),
    chats: db.prepare<[], ChatRow>('SELECT * FROM chats'),
    upsertChat: db.prepare(`INSERT INTO chats (id, title, member_ids, last_seq, read_seq, read_seq_sent)
      VALUES (@id, @title, @member_ids, @last_seq, @read_seq, @read_seq)
      ON CONFLICT(id) DO UPDATE SET title = excluded.title, member_ids = excluded.member_ids,
        last_seq = max(last_seq, excluded.last_seq), read_seq = max(read_seq, excluded.read_seq),
        read_seq_sent = max(read_seq_sent, excluded.read_seq)`),
    placeholderChat: db.prepare(`INSERT OR IGNORE INTO chats (id, title, member_ids) VALUES (?, NULL, '[]')`),
    bumpLastSeq: db.prepare('UPDATE chats SET last_seq = max(last_seq, ?) WHERE id = ?'),
    cursor: db.prepare<[number], { seq: number }>('SELECT seq FROM sync_cursors WHERE chat_id = ?'),
    cursors: db.prepare<[], { chat_id: number; seq: number }>('SELECT chat_id, seq FROM sync_cursors'),
    initCursor: db.prepare('INSERT OR IGNORE INTO sync_cursors (chat_id, seq) VALUES (?, ?)'),
    setCursor: db.prepare('UPDATE sync_cursors SET seq = ? WHERE chat_id = ?'),
    seqsAfter: db.prepare<[number, number], { seq: number }>('SELECT seq FROM messages WHERE chat_id = ? AND seq > ? ORDER BY seq LIMIT 500'),
    insert: db.prepare(`INSERT OR IGNORE INTO messages (chat_id, seq, id, sender_id, content, attachment, timestamp, client_id)
      VALUES (@chat_id, @seq, @id, @sender_id, @content, @attachment, @timestamp, @client_id)`),
    settle: db.prepare('DELETE FROM outbox WHERE client_id = ?'),
    page: db.prepare<[number, number, number], MessageRow>('SELECT * FROM messages WHERE chat_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?'),
    countRange: db.prepare<[number, number, number], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ? AND seq BETWEEN ? AND ?'),
    last: db.prepare<[number], MessageRow>('SELECT * FROM messages WHERE chat_id = ? ORDER BY seq DESC LIMIT 1'),
    unread: db.prepare<[number, number, number], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ? AND seq > ? AND sender_id != ?'),
    markRead: db.prepare('UPDATE chats SET read_seq = max(read_seq, ?) WHERE id = ?'),
    readsToSend: db.prepare<[], { id: number; read_seq: number }>('SELECT id, read_seq FROM chats WHERE read_seq > read_seq_sent'),
    readSent: db.prepare('UPDATE chats SET read_seq_sent = max(read_seq_sent, ?) WHERE id = ?'),
    outboxAdd: db.prepare(`INSERT INTO outbox (client_id, ord, chat_id, content, attachment, created_at, state)
      VALUES (?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM outbox), ?, ?, ?, ?, 'pending')`),
    outboxGet: db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE client_id = ?'),
    outboxPending: db.prepare<[], OutboxRow>(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY ord`),
    outboxForChat: db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE chat_id = ? ORDER BY ord'),
    outboxSetState: db.prepare('UPDATE outbox SET state = ?, error = ?, attempts = attempts + ? WHERE client_id = ?'),
  };

  function advanceCursor(chatId: number): number {
    s.initCursor.run(chatId, 0);
    let cursor = s.cursor.get(chatId)?.seq ?? 0;
    const start = cursor;
    for (let guard = 0; guard < 100_000; guard++) {
      const seqs = s.seqsAfter.all(chatId, cursor);
      let moved = 0;
      for (const { seq } of seqs) {
        if (seq !== cursor + 1) break;
        cursor = seq;
        moved++;
      }
      if (moved < 500) break;
    }
    if (cursor !== start) s.setCursor.run(cursor, chatId);
    return cursor;
  }

  function chatView(row: ChatRow, me: number, muted: Set<number>): ChatView {
    const last = s.last.get(row.id);
    const queued = s.outboxForChat.all(row.id);
    const lastQueued = queued[queued.length - 1];
    return {
      id: row.id,
      title: row.title,
      member_ids: JSON.parse(row.member_ids) as number[],
      last_message: lastQueued ? outboxView(lastQueued, me) : last ? messageView(last) : null,
      unread_count: s.unread.get(row.id, row.read_seq, me)?.n ?? 0,
      last_seq: row.last_seq,
      read_seq: row.read_seq,
      muted: muted.has(row.id),
    };
  }

  return {
    /** Stores chats from GET /chats (or POST /chats); new chats get their first cursor here. */
    upsertChats(chats: (Chat | ChatSummary)[]): number[] {
      return db.transaction(() => {
        const added: number[] = [];
        for (const chat of chats) {
          const lastSeq = 'last_seq' in chat ? chat.last_seq : 0;
          const readSeq = 'read_seq' in chat ? chat.read_seq : 0;
          s.upsertChat.run({ id: chat.id, title: chat.title, member_ids: JSON.stringify(chat.member_ids), last_seq: lastSeq, read_seq: readSeq });
          if (!s.cursor.get(chat.id)) {
            const start = Math.max(0, Math.min(readSeq, lastSeq - INITIAL_WINDOW), lastSeq - MAX_INITIAL_UNREAD);
            s.initCursor.run(chat.id, start);
            added.push(chat.id);
          }
        }
        return added;
      })();
    },

    chatViews(me: number, muted: number[], ids?: number[]): ChatView[] {
      const mutedSet = new Set(muted);
      const rows = ids ? ids.map((id) => s.chat.get(id)).filter((r): r is ChatRow => !!r) : s.chats.all();
      return rows.map((row) => chatView(row, me, mutedSet));
    },

    cursors(): { chatId: number; seq: number }[] {
      return s.cursors.all().map((r) => ({ chatId: r.chat_id, seq: r.seq }));
    },

    insertMessages(me: number, messages: Message[]): InsertResult {
      return db.transaction(() => {
        const result: InsertResult = { inserted: [], settled: [], holes: [], unknownChats: [] };
        const touched = new Set<number>();
        for (const m of messages) {
          if (!s.chat.get(m.chat_id)) {
            s.placeholderChat.run(m.chat_id);
            result.unknownChats.push(m.chat_id);
          }
          const row: MessageRow = { ...m, attachment: m.attachment ?? null, client_id: m.client_id ?? null };
          if (s.insert.run(row).changes > 0) result.inserted.push(messageView(row));
          if (row.client_id && m.sender_id === me && s.settle.run(row.client_id).changes > 0) result.settled.push(row.client_id);
          s.bumpLastSeq.run(m.seq, m.chat_id);
          touched.add(m.chat_id);
        }
        for (const chatId of touched) {
          const cursor = advanceCursor(chatId);
          const lastSeq = s.chat.get(chatId)?.last_seq ?? 0;
          if (lastSeq > cursor) result.holes.push({ chatId, afterSeq: cursor });
        }
        return result;
      })();
    },

    /** Chats whose cursor lags their known last seq (after GET /chats, say). */
    holes(): { chatId: number; afterSeq: number }[] {
      return s.chats.all().flatMap((row) => {
        const cursor = advanceCursor(row.id);
        return row.last_seq > cursor ? [{ chatId: row.id, afterSeq: cursor }] : [];
      });
    },

    /**
     * One page of a chat, oldest first, plus whether the cache has a hole in the range
     * the page should cover (then the caller backfills over REST and asks again).
     * Without `beforeSeq` the page is the newest, followed by the chat's outbox entries.
     */
    listMessages(me: number, chatId: number, beforeSeq: number | undefined, limit: number): { messages: MessageView[]; complete: boolean } {
      const chat = s.chat.get(chatId);
      const top = beforeSeq !== undefined ? beforeSeq - 1 : (chat?.last_seq ?? 0);
      const low = Math.max(1, top - limit + 1);
      const complete = top < 1 || (s.countRange.get(chatId, low, top)?.n ?? 0) >= top - low + 1;
      const rows = s.page.all(chatId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit).reverse();
      const messages = rows.map(messageView);
      if (beforeSeq === undefined) messages.push(...s.outboxForChat.all(chatId).map((r) => outboxView(r, me)));
      return { messages, complete };
    },

    markRead(chatId: number, seq: number): void {
      s.markRead.run(seq, chatId);
    },
    readsToSend(): { chatId: number; seq: number }[] {
      return s.readsToSend.all().map((r) => ({ chatId: r.id, seq: r.read_seq }));
    },
    readSent(chatId: number, seq: number): void {
      s.readSent.run(seq, chatId);
    },

    outboxAdd(me: number, entry: { clientId: string; chatId: number; content: string; attachment: string | null; createdAt: string }): MessageView {
      s.outboxAdd.run(entry.clientId, entry.chatId, entry.content, entry.attachment, entry.createdAt);
      return outboxView(s.outboxGet.get(entry.clientId) as OutboxRow, me);
    },
    outboxGet(clientId: string): OutboxRow | null {
      return s.outboxGet.get(clientId) ?? null;
    },
    /** Pending entries in the order they were written. */
    outboxPending(): OutboxRow[] {
      return s.outboxPending.all();
    },
    outboxSetState(clientId: string, state: 'pending' | 'failed', error: string | null, countAttempt: boolean): OutboxRow | null {
      s.outboxSetState.run(state, error, countAttempt ? 1 : 0, clientId);
      return s.outboxGet.get(clientId) ?? null;
    },
  };
}
