/**
 * Chats, messages, sync cursors, read state and the outbox: the tables a chat's event
 * stream passes through. Guarantees: a message is stored once per (chat, seq) however
 * often it is replayed, and every other event is applied once (chatLog.ts); a chat's
 * cursor only moves across an unbroken run of committed seqs, messages and events
 * alike; a server echo carrying our client_id settles the matching outbox entry in the
 * same transaction that stores the message.
 */
import type Database from 'better-sqlite3';
import type { Chat, ChatEvent, ChatSummary, Message, NotificationMode, ReadPosition } from '@parley/protocol';
import type { ChatEnded, ChatView, MessageView } from '../../common/views.js';
import { createChatLog, type LogEffects, type LogEvent } from './chatLog.js';
import { messageView, outboxView, type MessageRow, type OutboxRow } from './rows.js';
import { createSearchRepo } from './searchIndex.js';

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
  is_group: number;
  admin_ids: string;
  ended: ChatEnded | null;
  meta_seq: number;
}

/** One entry of a chat's stream: a live/replayed event frame, or a REST row in its current state. */
export type StreamItem = { event: ChatEvent } | { row: Message };

/** A REST history page: the seq range it covered, so the event seqs in it are known. */
export interface PageCoverage {
  chatId: number;
  low: number;
  high: number;
}

export interface InsertResult {
  /** Rows that were not in the cache before, in seq order per chat. */
  inserted: MessageView[];
  /** Cached messages an edit, tombstone or reaction changed. */
  updated: MessageView[];
  /** Chats whose title, members or membership changed. */
  changedChats: number[];
  /** A tombstone was written: deleted text must leave the file (WAL checkpoint). */
  deleted: boolean;
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
    // The server lists only chats I belong to, so an upsert also ends any "removed"/"left"
    // state; title and members are taken unless a newer event already applied (meta_seq).
    upsertChat: db.prepare(`INSERT INTO chats (id, title, member_ids, last_seq, read_seq, read_seq_sent, is_group, admin_ids, meta_seq)
      VALUES (@id, @title, @member_ids, @last_seq, @read_seq, @read_seq, @is_group, @admin_ids, @last_seq)
      ON CONFLICT(id) DO UPDATE SET
        title = CASE WHEN excluded.last_seq >= meta_seq THEN excluded.title ELSE title END,
        member_ids = CASE WHEN excluded.last_seq >= meta_seq THEN excluded.member_ids ELSE member_ids END,
        admin_ids = CASE WHEN excluded.last_seq >= meta_seq THEN excluded.admin_ids ELSE admin_ids END,
        is_group = excluded.is_group, ended = NULL, meta_seq = max(meta_seq, excluded.last_seq),
        last_seq = max(last_seq, excluded.last_seq), read_seq = max(read_seq, excluded.read_seq),
        read_seq_sent = max(read_seq_sent, excluded.read_seq)`),
    upsertRead: db.prepare(`INSERT INTO chat_reads (chat_id, user_id, seq) VALUES (?, ?, ?)
      ON CONFLICT(chat_id, user_id) DO UPDATE SET seq = max(seq, excluded.seq)`),
    reads: db.prepare<[number], ReadPosition>('SELECT user_id, seq FROM chat_reads WHERE chat_id = ? ORDER BY user_id'),
    // Only when no membership event has said how it ended (that event is more precise).
    setEndedIfMember: db.prepare('UPDATE chats SET ended = ? WHERE id = ? AND ended IS NULL'),
    placeholderChat: db.prepare(`INSERT OR IGNORE INTO chats (id, title, member_ids) VALUES (?, NULL, '[]')`),
    bumpLastSeq: db.prepare('UPDATE chats SET last_seq = max(last_seq, ?) WHERE id = ?'),
    cursor: db.prepare<[number], { seq: number }>('SELECT seq FROM sync_cursors WHERE chat_id = ?'),
    cursors: db.prepare<[], { chat_id: number; seq: number }>('SELECT chat_id, seq FROM sync_cursors'),
    initCursor: db.prepare('INSERT OR IGNORE INTO sync_cursors (chat_id, seq) VALUES (?, ?)'),
    setCursor: db.prepare('UPDATE sync_cursors SET seq = ? WHERE chat_id = ?'),
    // Seqs the cache knows, messages and other events alike (the cursor steps over both).
    seqsAfter: db.prepare<[number, number, number, number], { seq: number }>(`SELECT seq FROM messages WHERE chat_id = ? AND seq > ?
      UNION SELECT seq FROM chat_events WHERE chat_id = ? AND seq > ? ORDER BY seq LIMIT 500`),
    knownDesc: db.prepare<[number, number, number, number, number], { seq: number; is_message: number }>(`SELECT seq, 1 AS is_message FROM messages WHERE chat_id = ? AND seq <= ?
      UNION ALL SELECT seq, 0 FROM chat_events WHERE chat_id = ? AND seq <= ? ORDER BY seq DESC LIMIT ?`),
    eventSeqsIn: db.prepare<[number, number, number], { seq: number }>('SELECT seq FROM chat_events WHERE chat_id = ? AND seq BETWEEN ? AND ?'),
    messageSeqsIn: db.prepare<[number, number, number], { seq: number }>('SELECT seq FROM messages WHERE chat_id = ? AND seq BETWEEN ? AND ?'),
    insert: db.prepare(`INSERT OR IGNORE INTO messages (chat_id, seq, id, sender_id, content, attachment, timestamp, client_id, edited_at, deleted, reply_to_seq, reactions, mentions)
      VALUES (@chat_id, @seq, @id, @sender_id, @content, @attachment, @timestamp, @client_id, @edited_at, @deleted, @reply_to_seq, @reactions, @mentions)`),
    message: db.prepare<[number, number], MessageRow>('SELECT * FROM messages WHERE chat_id = ? AND seq = ?'),
    settle: db.prepare('DELETE FROM outbox WHERE client_id = ?'),
    page: db.prepare<[number, number, number], MessageRow>('SELECT * FROM messages WHERE chat_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?'),
    last: db.prepare<[number], MessageRow>('SELECT * FROM messages WHERE chat_id = ? ORDER BY seq DESC LIMIT 1'),
    unread: db.prepare<[number, number, number], { n: number }>('SELECT COUNT(*) AS n FROM messages WHERE chat_id = ? AND seq > ? AND sender_id != ? AND deleted = 0'),
    markRead: db.prepare('UPDATE chats SET read_seq = max(read_seq, ?) WHERE id = ?'),
    readsToSend: db.prepare<[], { id: number; read_seq: number }>('SELECT id, read_seq FROM chats WHERE read_seq > read_seq_sent'),
    readSent: db.prepare('UPDATE chats SET read_seq_sent = max(read_seq_sent, ?) WHERE id = ?'),
    outboxAdd: db.prepare(`INSERT INTO outbox (client_id, ord, chat_id, content, attachment, created_at, state, reply_to_seq, mentions)
      VALUES (?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM outbox), ?, ?, ?, ?, 'pending', ?, ?)`),
    outboxGet: db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE client_id = ?'),
    outboxPending: db.prepare<[], OutboxRow>(`SELECT * FROM outbox WHERE state = 'pending' ORDER BY ord`),
    outboxForChat: db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE chat_id = ? ORDER BY ord'),
    outboxSetState: db.prepare('UPDATE outbox SET state = ?, error = ?, attempts = attempts + ? WHERE client_id = ?'),
  };
  const search = createSearchRepo(db);
  const log = createChatLog(db, search.index);

  function advanceCursor(chatId: number): number {
    s.initCursor.run(chatId, 0);
    let cursor = s.cursor.get(chatId)?.seq ?? 0;
    const start = cursor;
    for (let guard = 0; guard < 100_000; guard++) {
      const seqs = s.seqsAfter.all(chatId, cursor, chatId, cursor);
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

  function chatView(row: ChatRow, me: number, mode: NotificationMode): ChatView {
    const last = s.last.get(row.id);
    const queued = s.outboxForChat.all(row.id);
    const lastQueued = queued[queued.length - 1];
    return {
      id: row.id,
      title: row.title,
      member_ids: JSON.parse(row.member_ids) as number[],
      is_group: row.is_group === 1,
      admin_ids: JSON.parse(row.admin_ids) as number[],
      reads: s.reads.all(row.id),
      ended: row.ended,
      last_message: lastQueued ? outboxView(lastQueued, me) : last ? messageView(last) : null,
      unread_count: s.unread.get(row.id, row.read_seq, me)?.n ?? 0,
      last_seq: row.last_seq,
      read_seq: row.read_seq,
      muted: mode === 'none',
      notify_mode: mode,
    };
  }

  /** Inserts one message row (new chats get a placeholder); applies events recorded for it. */
  function insertRow(me: number, m: Message, result: InsertResult, effects: LogEffects): void {
    if (!s.chat.get(m.chat_id)) {
      s.placeholderChat.run(m.chat_id);
      result.unknownChats.push(m.chat_id);
    }
    const row = {
      ...m,
      attachment: m.attachment ?? null,
      client_id: m.client_id ?? null,
      edited_at: m.edited_at ?? null,
      deleted: m.deleted ? 1 : 0,
      reply_to_seq: m.reply_to_seq ?? null,
      reactions: JSON.stringify(m.reactions ?? []),
      mentions: JSON.stringify(m.mentions ?? []),
    };
    if (s.insert.run(row).changes > 0) {
      if (!m.deleted) search.index.add(m.id, m.content);
      log.applyPendingTo(m.chat_id, m.seq, effects);
      result.inserted.push(messageView(s.message.get(m.chat_id, m.seq) as MessageRow));
    }
    if (row.client_id && m.sender_id === me && s.settle.run(row.client_id).changes > 0) result.settled.push(row.client_id);
    s.bumpLastSeq.run(m.seq, m.chat_id);
  }

  function frameToRow(e: Extract<ChatEvent, { type: 'new_message' }>): Message {
    const m: Message = {
      id: e.message_id,
      chat_id: e.chat_id,
      seq: e.seq,
      sender_id: e.sender_id,
      content: e.content,
      attachment: e.attachment ?? null,
      timestamp: e.timestamp,
      reply_to_seq: e.reply_to_seq ?? null,
      edited_at: null,
      deleted: false,
      reactions: [],
      mentions: e.mentions ?? [],
    };
    if (e.client_id) m.client_id = e.client_id;
    return m;
  }

  /**
   * Records the seqs a REST page covered that held no message as known events (their
   * effects are in the page's rows), but only at or below the cursor: above it, the
   * events are still to be replayed and applied to messages the cache already holds.
   */
  function recordCoverage(coverage: PageCoverage): void {
    const cursor = s.cursor.get(coverage.chatId)?.seq ?? 0;
    const high = Math.min(coverage.high, cursor);
    if (high < coverage.low) return;
    const known = new Set([
      ...s.messageSeqsIn.all(coverage.chatId, coverage.low, high).map((r) => r.seq),
      ...s.eventSeqsIn.all(coverage.chatId, coverage.low, high).map((r) => r.seq),
    ]);
    const gaps: number[] = [];
    for (let seq = coverage.low; seq <= high; seq++) if (!known.has(seq)) gaps.push(seq);
    log.recordGaps(coverage.chatId, gaps);
  }

  /** Commits stream items in order, in one transaction. */
  function ingest(me: number, items: StreamItem[], coverage?: PageCoverage): InsertResult {
    const result = commit(me, items, coverage);
    // The old page images of a deleted message are still in the WAL file until a
    // checkpoint copies them over (zeroed, with secure_delete) and truncates it. Its
    // words leave the search index's pages first (searchIndex.ts).
    if (result.deleted) {
      search.purgeDeletedFromIndex();
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return result;
  }

  function commit(me: number, items: StreamItem[], coverage?: PageCoverage): InsertResult {
    return db.transaction(() => {
      const result: InsertResult = { inserted: [], updated: [], changedChats: [], deleted: false, settled: [], holes: [], unknownChats: [] };
      const effects: LogEffects = { changedMessages: [], changedChats: [], deleted: false };
      const touched = new Set<number>();
      for (const item of items) {
        if ('row' in item) {
          insertRow(me, item.row, result, effects);
          touched.add(item.row.chat_id);
          continue;
        }
        const e = item.event;
        touched.add(e.chat_id);
        if (e.type === 'new_message') {
          insertRow(me, frameToRow(e), result, effects);
          continue;
        }
        if (!s.chat.get(e.chat_id)) {
          s.placeholderChat.run(e.chat_id);
          result.unknownChats.push(e.chat_id);
        }
        log.apply(me, e as LogEvent, effects);
        s.bumpLastSeq.run(e.seq, e.chat_id);
      }
      if (coverage) recordCoverage(coverage);
      const fresh = new Set(result.inserted.map((m) => `${m.chat_id}:${m.seq}`));
      const changed = new Set<string>();
      for (const { chat_id, seq } of effects.changedMessages) {
        const key = `${chat_id}:${seq}`;
        if (fresh.has(key) || changed.has(key)) continue;
        changed.add(key);
        const row = s.message.get(chat_id, seq);
        if (row) result.updated.push(messageView(row));
      }
      result.changedChats = [...new Set(effects.changedChats)];
      result.deleted = effects.deleted;
      for (const chatId of touched) {
        const cursor = advanceCursor(chatId);
        const lastSeq = s.chat.get(chatId)?.last_seq ?? 0;
        if (lastSeq > cursor) result.holes.push({ chatId, afterSeq: cursor });
      }
      return result;
    })();
  }

  return {
    /** Full-text search over the cached messages (searchIndex.ts). */
    searchMessages: search.searchMessages,
    /** Indexes up to `limit` messages stored since the last time; returns how many still wait. */
    indexSearchBacklog: search.indexBacklog,
    searchBacklog: search.searchBacklog,

    /** Stores chats from GET /chats (or POST /chats); new chats get their first cursor here. */
    upsertChats(chats: (Chat | ChatSummary)[]): number[] {
      return db.transaction(() => {
        const added: number[] = [];
        for (const chat of chats) {
          const lastSeq = 'last_seq' in chat ? chat.last_seq : 0;
          const readSeq = 'read_seq' in chat ? chat.read_seq : 0;
          s.upsertChat.run({
            id: chat.id,
            title: chat.title,
            member_ids: JSON.stringify(chat.member_ids),
            admin_ids: JSON.stringify(chat.admin_ids ?? []),
            is_group: chat.is_group ? 1 : 0,
            last_seq: lastSeq,
            read_seq: readSeq,
          });
          for (const read of ('reads' in chat ? chat.reads : undefined) ?? []) s.upsertRead.run(chat.id, read.user_id, read.seq);
          if (!s.cursor.get(chat.id)) {
            const start = Math.max(0, Math.min(readSeq, lastSeq - INITIAL_WINDOW), lastSeq - MAX_INITIAL_UNREAD);
            s.initCursor.run(chat.id, start);
            added.push(chat.id);
          }
        }
        return added;
      })();
    },

    /** `modes`: my notification mode per chat id (Preferences.chat_modes); absent means `all`. */
    chatViews(me: number, modes: Readonly<Record<string, NotificationMode>>, ids?: number[]): ChatView[] {
      const rows = ids ? ids.map((id) => s.chat.get(id)).filter((r): r is ChatRow => !!r) : s.chats.all();
      return rows.map((row) => chatView(row, me, modes[String(row.id)] ?? 'all'));
    },

    /** Cursors of the chats this user still belongs to (the ones to resume). */
    cursors(): { chatId: number; seq: number }[] {
      const ended = new Set(s.chats.all().filter((c) => c.ended).map((c) => c.id));
      return s.cursors.all().filter((r) => !ended.has(r.chat_id)).map((r) => ({ chatId: r.chat_id, seq: r.seq }));
    },

    /** REST message rows in their current state (edits, tombstone, reactions applied). */
    insertMessages(me: number, messages: Message[], coverage?: PageCoverage): InsertResult {
      return ingest(me, messages.map((row) => ({ row })), coverage);
    },

    /** Live, resumed or REST-replayed event frames, in seq order per chat. */
    applyEvents(me: number, events: ChatEvent[]): InsertResult {
      return ingest(me, events.map((event) => ({ event })));
    },

    /** A member's read position (a `read` frame, or mine from another device). */
    applyRead(me: number, read: { chat_id: number; user_id: number; seq: number }): boolean {
      if (!s.chat.get(read.chat_id)) return false;
      s.upsertRead.run(read.chat_id, read.user_id, read.seq);
      if (read.user_id === me) {
        s.markRead.run(read.seq, read.chat_id);
        s.readSent.run(read.seq, read.chat_id);
      }
      return true;
    },

    /** The server refused this chat to me (removed while I was away): keep its history, read-only. */
    markEnded(chatId: number, ended: ChatEnded): boolean {
      return s.setEndedIfMember.run(ended, chatId).changes > 0;
    },

    /** One cached message, for the bridge (reply targets, own-message checks). */
    message(chatId: number, seq: number): MessageView | null {
      const row = s.message.get(chatId, seq);
      return row ? messageView(row) : null;
    },

    /** Chats whose cursor lags their known last seq (after GET /chats, say). */
    holes(): { chatId: number; afterSeq: number }[] {
      return s.chats.all().flatMap((row) => {
        if (row.ended) return [];
        const cursor = advanceCursor(row.id);
        return row.last_seq > cursor ? [{ chatId: row.id, afterSeq: cursor }] : [];
      });
    },

    /**
     * One page of a chat, oldest first, plus whether the cache has a hole in the range
     * the page should cover (then the caller backfills over REST and asks again). Event
     * seqs count as known, so the page is complete when every seq from the top down to
     * its oldest message (or seq 1) is in the cache.
     * Without `beforeSeq` the page is the newest, followed by the chat's outbox entries.
     */
    listMessages(me: number, chatId: number, beforeSeq: number | undefined, limit: number): { messages: MessageView[]; complete: boolean } {
      const chat = s.chat.get(chatId);
      const top = beforeSeq !== undefined ? beforeSeq - 1 : (chat?.last_seq ?? 0);
      let complete = top < 1;
      if (!complete) {
        let expected = top;
        let found = 0;
        for (const known of s.knownDesc.iterate(chatId, top, chatId, top, limit * 20 + 200)) {
          if (known.seq !== expected) break;
          expected--;
          found += known.is_message;
          if (found >= limit) break;
        }
        complete = found >= limit || expected === 0;
      }
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

    outboxAdd(
      me: number,
      entry: { clientId: string; chatId: number; content: string; attachment: string | null; createdAt: string; replyToSeq?: number | null; mentions?: number[] },
    ): MessageView {
      s.outboxAdd.run(entry.clientId, entry.chatId, entry.content, entry.attachment, entry.createdAt, entry.replyToSeq ?? null, JSON.stringify(entry.mentions ?? []));
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
