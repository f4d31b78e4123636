/**
 * Full-text search over the cached messages (issue 14): an FTS5 index the cache keeps
 * itself, and the queries that read it.
 *
 * The index is contentless (the text lives once, in `messages`) with `contentless_delete`
 * so a row can be removed by rowid alone; the rowid is the server's message id, which
 * grows with time, so walking the index by descending rowid yields newest hits first and
 * a query stops at its LIMIT instead of ranking every match.
 *
 * What a commit writes is only the message's id, into `search_backlog`, in the same
 * transaction as the row, at the only two places a message's text changes: messagesRepo
 * inserts (`index.add`), chatLog edits and tombstones (`index.replace`/`index.remove`).
 * The words go into FTS5 later, many messages at a time (`indexBacklog`): the cache
 * worker does it once writes pause, and a search does it first, so a query never misses
 * a stored message. FTS5's cost is mostly per transaction (each commit flushes a new
 * segment and merges), so indexing at every commit of a catch-up cost about twice what
 * one index transaction per 2,000 messages does, and it sat on the commit path
 * (docs/benchmarks.md). Triggers would cost 2.5× the direct writes (measured while
 * building this). A tombstone removes the entry and its backlog id, and the store
 * optimizes the index after deletions so the removed words leave its pages as well.
 */
import type Database from 'better-sqlite3';
import { hasSearchText, toFts5Match, type ParsedSearch } from '@parley/protocol';
import { messageView, type MessageRow } from './rows.js';
import type { MessageView } from '../../common/views.js';

export const SEARCH_MIGRATION = `
  -- user ids the message mentions (JSON array), as the server sent them
  ALTER TABLE messages ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE outbox ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
  -- search joins the index's rowid (the message id) back to its row
  CREATE INDEX messages_by_id ON messages(id);
  CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO messages_fts (rowid, content) SELECT id, content FROM messages WHERE deleted = 0 AND content <> '';
  -- ids of messages whose current text is not in messages_fts yet (indexBacklog)
  CREATE TABLE search_backlog (id INTEGER PRIMARY KEY);
`;

/** How the two writers of message text keep the index in step (inside their transaction). */
export interface SearchIndexWriter {
  /** Queues a message just stored for indexing; empty text (an attachment alone) is not indexed. */
  add(id: number, content: string): void;
  /** Drops an edited message's old words and queues its new text. */
  replace(id: number, content: string): void;
  /** Forgets a message (a tombstone), indexed or still queued. */
  remove(id: number): void;
}

/** Empties the index (sign-out wipes the cache; a virtual table is not a plain table). */
export function clearSearchIndex(db: Database.Database): void {
  db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')").run();
}

export interface CacheSearch {
  query: ParsedSearch;
  chatId?: number;
  /** Only messages with an id below this (the previous page's last hit). */
  beforeId?: number;
  limit: number;
}

export function createSearchRepo(db: Database.Database) {
  // Full Unicode case folding, which SQLite's lower() does not do (ASCII only).
  db.function('parley_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : ''));
  const shapes = new Map<string, Database.Statement>();
  const s = {
    queue: db.prepare('INSERT OR IGNORE INTO search_backlog (id) VALUES (?)'),
    unqueue: db.prepare('DELETE FROM search_backlog WHERE id = ?'),
    // Deleting a rowid the index does not hold (a message still queued) changes nothing.
    remove: db.prepare('DELETE FROM messages_fts WHERE rowid = ?'),
    backlog: db.prepare<[], number>('SELECT count(*) FROM search_backlog').pluck(),
    hasBacklog: db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM search_backlog)').pluck(),
    // Queued ids in ascending order, so the two statements of one step take the same ones.
    indexQueued: db.prepare(`INSERT INTO messages_fts (rowid, content)
      SELECT m.id, m.content FROM (SELECT id FROM search_backlog ORDER BY id LIMIT ?) b JOIN messages m ON m.id = b.id
      WHERE m.deleted = 0 AND m.content <> ''`),
    dropQueued: db.prepare('DELETE FROM search_backlog WHERE id IN (SELECT id FROM search_backlog ORDER BY id LIMIT ?)'),
  };
  const index: SearchIndexWriter = {
    add(id, content) {
      if (content) s.queue.run(id);
    },
    replace(id, content) {
      s.remove.run(id);
      if (content) s.queue.run(id);
      else s.unqueue.run(id);
    },
    remove(id) {
      s.remove.run(id);
      s.unqueue.run(id);
    },
  };

  /** Indexes up to `limit` queued messages in one transaction; returns how many are still queued. */
  function indexBacklog(limit = Number.MAX_SAFE_INTEGER): number {
    return db.transaction(() => {
      s.indexQueued.run(limit);
      s.dropQueued.run(limit);
      return s.backlog.get() as number;
    })();
  }

  function statement(me: number, search: CacheSearch): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const where: string[] = ['m.deleted = 0'];
    let from = 'messages m';
    let id = 'm.id';
    if (hasSearchText(search.query)) {
      from = 'messages_fts f JOIN messages m ON m.id = f.rowid';
      id = 'f.rowid';
      where.unshift('messages_fts MATCH ?');
      values.push(toFts5Match(search.query));
    }
    const q = search.query;
    const condition = (sql: string, ...args: unknown[]) => {
      where.push(sql);
      values.push(...args);
    };
    if (search.chatId !== undefined) condition('m.chat_id = ?', search.chatId);
    if (search.beforeId !== undefined) condition(`${id} < ?`, search.beforeId);
    if (q.hasFile) condition('m.attachment IS NOT NULL');
    if (q.before !== null) condition('m.timestamp < ?', q.before);
    if (q.after !== null) condition('m.timestamp >= ?', q.after);
    if (q.from.length > 0) {
      const senders = q.from.map((name) => {
        if (name === 'me') {
          values.push(me);
          return 'm.sender_id = ?';
        }
        values.push(name);
        // Names only, as the server matches them: online and offline give the same hits.
        return 'm.sender_id IN (SELECT id FROM users WHERE instr(parley_fold(full_name), ?) > 0)';
      });
      where.push(`(${senders.join(' OR ')})`);
    }
    for (const name of q.in) {
      // A group by its title; a 1:1 chat by the other member's name.
      where.push(`m.chat_id IN (SELECT c.id FROM chats c WHERE instr(parley_fold(coalesce(c.title, '')), ?) > 0
        OR (c.is_group = 0 AND EXISTS (SELECT 1 FROM json_each(c.member_ids) j JOIN users u ON u.id = j.value
          WHERE j.value <> ? AND instr(parley_fold(u.full_name), ?) > 0)))`);
      values.push(name, me, name);
    }
    values.push(search.limit);
    return { text: `SELECT m.* FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${id} DESC LIMIT ?`, values };
  }

  return {
    index,

    indexBacklog,
    /** How many stored messages wait to be indexed. */
    searchBacklog(): number {
      return s.backlog.get() as number;
    },

    /** Cached live messages matching the query, newest first (by message id). */
    searchMessages(me: number, search: CacheSearch): MessageView[] {
      // Whatever the worker has not indexed yet goes in first: a search sees every message stored.
      if (s.hasBacklog.get()) indexBacklog();
      const { text, values } = statement(me, search);
      let prepared = shapes.get(text);
      if (!prepared) shapes.set(text, (prepared = db.prepare(text)));
      return (prepared.all(...values) as MessageRow[]).map(messageView);
    },

    /**
     * Rewrites the index without the entries of deleted rows. A delete only marks an
     * FTS5 entry as gone; the words stay in its pages until segments are merged.
     */
    purgeDeletedFromIndex(): void {
      db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')").run();
    },
  };
}
