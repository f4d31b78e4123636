/**
 * The message search index: a contentless FTS5 table in its own file, brought up to
 * date from the event log by id.
 *
 * Why not triggers on `messages`: tokenising and merging index segments inside the
 * writer's transaction cost a third of the chat relay's throughput (docs/benchmarks.md,
 * S1). Here the writer does nothing for search. Every change to a message's text is a
 * row of `messages` with a higher id than the message (the message itself, then
 * message_edited / message_deleted events), so one cursor — the last id read — says
 * exactly what the index has seen. A batch reads the rows after the cursor and, for
 * each message it names, indexes the message's *current* state (its text after every
 * edit, nothing once deleted); the cursor moves in the same transaction. Reading the
 * current state rather than the event's own text makes replays and overlaps harmless:
 * an edit the batch already saw in the message row is indexed again, with the same
 * text.
 *
 * Rows are keyed by messages.id and answers join back to `messages`. The index keeps
 * its own copy of each message's current text: removing a message's tokens needs the
 * text they came from, and by then the message row no longer has it (an edit replaced
 * it, a deletion blanked it). A contentless index would only mark a deleted message
 * dead and leave its words in the file until a merge; with the text at hand, FTS5's
 * secure-delete takes them out of the index pages at once. The copy costs the index
 * file about the size of the message text, and is deleted with the message.
 */
import type { Db } from '../db.js';

/** Bump when the index's table definitions change: an index in another format is rebuilt. */
export const INDEX_FORMAT = 1;

/** Rows of the event log read per transaction: ~10 ms of indexing here. */
export const INDEX_BATCH_ROWS = 2000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS index_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
-- unicode61 with diacritics removed: "cafe" finds "café". No per-row sizes (columnsize=0):
-- hits are ordered by id, never ranked.
CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(
  content,
  columnsize = 0,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
`;

interface LogRow {
  id: number;
  kind: string;
  chat_id: number;
  target_seq: number | null;
  content: string;
  deleted: number;
}

interface MessageState {
  id: number;
  content: string;
  deleted: number;
}

export interface BatchResult {
  /** Event-log rows read (0: the index is up to date). */
  rows: number;
  /** Whether a message left the index (its tokens must then leave the WAL too). */
  removed: boolean;
}

export interface SearchIndexer {
  /** The last messages.id the index has taken into account. */
  cursor(): number;
  /** The newest messages.id committed now. */
  latestId(): number;
  /** Indexes up to `limit` event-log rows after the cursor, in one transaction. */
  indexBatch(limit?: number): BatchResult;
  /** Copies the index's WAL back and empties it, so removed tokens leave the disk. */
  scrubWal(): void;
}

/**
 * Makes `index` a search index of `main` (the messages database, read-only here),
 * starting over when it is in an older format or has seen ids the database does not
 * hold (the database was restored from an older backup). Returns why it started over,
 * or null.
 */
export function prepareIndex(index: Db, main: Db): string | null {
  index.exec(SCHEMA);
  const stored = readState(index);
  const latest = latestMessageId(main);
  let reason: string | null = null;
  if (stored.format !== null && stored.format !== INDEX_FORMAT) reason = `index format ${stored.format} is not ${INDEX_FORMAT}`;
  else if (stored.cursor > latest) reason = `the index has seen message ${stored.cursor} but the newest is ${latest}`;
  if (reason !== null) {
    index.exec('DROP TABLE messages_fts; DELETE FROM index_state;');
    index.exec(SCHEMA);
  }
  if (reason !== null || stored.format === null) writeState(index, 0);
  return reason;
}

export function createSearchIndexer(index: Db, main: Db): SearchIndexer {
  const after = main.prepare('SELECT id, kind, chat_id, target_seq, content, deleted FROM messages WHERE id > ? ORDER BY id LIMIT ?');
  const messageAt = main.prepare("SELECT id, content, deleted FROM messages WHERE chat_id = ? AND seq = ? AND kind = 'message'");
  const insert = index.prepare('INSERT INTO messages_fts (rowid, content) VALUES (?, ?)');
  const remove = index.prepare('DELETE FROM messages_fts WHERE rowid = ?');
  let cursor = readState(index).cursor;

  /**
   * What a batch reads, in one snapshot of the messages: the rows after the cursor, and
   * for each message they name, its current text (null: not in the index any more).
   * The read transaction ends before any indexing starts, so a reader left waiting for
   * the CPU (this thread runs at idle priority) holds no snapshot that keeps the writer
   * from recycling its WAL.
   */
  const read = main.transaction((limit: number) => {
    const rows = after.all(cursor, limit) as LogRow[];
    const changes: { id: number; text: string | null; fresh: boolean }[] = [];
    let removed = false;
    const current = (m: MessageState) => (m.deleted === 0 && m.content !== '' ? m.content : null);
    for (const row of rows) {
      if (row.kind === 'message') {
        changes.push({ id: row.id, text: current(row), fresh: true });
      } else if ((row.kind === 'message_edited' || row.kind === 'message_deleted') && row.target_seq !== null) {
        const target = messageAt.get(row.chat_id, row.target_seq) as MessageState | undefined;
        if (!target) continue;
        removed ||= row.kind === 'message_deleted';
        changes.push({ id: target.id, text: current(target), fresh: false });
      }
    }
    return { last: rows.at(-1)?.id ?? cursor, rows: rows.length, changes, removed };
  });
  const write = index.transaction((batch: ReturnType<typeof read>) => {
    for (const change of batch.changes) {
      // A message row after the cursor cannot be in the index yet; a target may be.
      if (!change.fresh) remove.run(change.id);
      if (change.text !== null) insert.run(change.id, change.text);
    }
    writeState(index, batch.last);
  });

  const indexBatch = (limit: number): BatchResult => {
    const batch = read(limit);
    if (batch.rows === 0) return { rows: 0, removed: false };
    write(batch);
    cursor = batch.last;
    return { rows: batch.rows, removed: batch.removed };
  };

  return {
    cursor: () => cursor,
    latestId: () => latestMessageId(main),
    indexBatch: (limit = INDEX_BATCH_ROWS) => indexBatch(limit),
    scrubWal: () => {
      index.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

function latestMessageId(main: Db): number {
  return (main.prepare('SELECT max(id) FROM messages').pluck().get() as number | null) ?? 0;
}

function readState(index: Db): { format: number | null; cursor: number } {
  const rows = index.prepare('SELECT key, value FROM index_state').all() as { key: string; value: number }[];
  const value = (key: string) => rows.find((r) => r.key === key)?.value ?? null;
  return { format: value('format'), cursor: value('cursor') ?? 0 };
}

function writeState(index: Db, cursor: number): void {
  const put = index.prepare('INSERT INTO index_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  put.run('format', INDEX_FORMAT);
  put.run('cursor', cursor);
}
