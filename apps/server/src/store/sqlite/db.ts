/**
 * The only better-sqlite3 import: opens the kinds of connection Parley uses and sets
 * their pragmas. The write connection lives in the writer thread; the read connection
 * on the main thread (WAL lets it read while the writer commits); the search index's
 * own file is written by the indexer thread.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;
export type Statement = Database.Statement;

/**
 * A writer waits this long for a lock held by another process (a backup tool, the
 * sqlite3 shell) before failing; inside Parley there is only one writer.
 */
const WRITER_BUSY_TIMEOUT_MS = 5000;
/**
 * Readers in WAL mode only wait during WAL recovery after a crash. They run on the
 * event loop, so they give up after 1 s rather than freeze every socket for longer.
 */
const READER_BUSY_TIMEOUT_MS = 1000;

const WAL_CHECKPOINT_PAGES = 10_000;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export function openWriteConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a COMMIT is on disk (WAL fsynced) before we answer; a power cut cannot lose
  // a message someone has already seen. Group commit pays for the extra fsync.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${WRITER_BUSY_TIMEOUT_MS}`);
  // A deleted message's text must be gone, not left readable in a free page of the file.
  // Only pages that deletions and overwrites free are zeroed, so appends cost the same.
  db.pragma('secure_delete = ON');
  // Checkpoint every ~40 MiB of WAL instead of SQLite's 4 MiB: a page rewritten by many
  // commits (an index leaf, a chat's row) is copied back to the database once per
  // checkpoint, so rarer checkpoints cut the writer's system time under a message burst.
  // The WAL file is truncated back to 64 MiB after a checkpoint.
  db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  return db;
}

/**
 * The search index (searchIndex/) is derived from the messages and rebuilt from them
 * when lost, so its commits need not wait for an fsync: WAL with synchronous=NORMAL
 * cannot corrupt it, and a power cut costs at most the last batches, which the indexer
 * redoes from its cursor (stored in the same transactions). Deleted text must still
 * leave the file, as in the main database.
 */
export function openSearchIndexConnection(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${WRITER_BUSY_TIMEOUT_MS}`);
  db.pragma('secure_delete = ON');
  return db;
}

export function openReadConnection(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${READER_BUSY_TIMEOUT_MS}`);
  return db;
}

/** Whether `err` says the file is not a usable database (damaged, or not SQLite at all). */
export function isDamagedFile(err: unknown): boolean {
  const code = sqliteCode(err);
  return code !== null && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/** SQLite's extended result code, e.g. `SQLITE_CONSTRAINT_UNIQUE`, or null for other errors. */
export function sqliteCode(err: unknown): string | null {
  if (err instanceof Database.SqliteError) return err.code;
  return null;
}
