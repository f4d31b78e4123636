/**
 * Schema of the local cache, as numbered migrations applied in ascending order inside
 * one transaction each. Numbers are handed out before work is merged, so a lower number
 * may land after a higher one has shipped: each applied number is recorded in
 * `cache_migrations` (caches older than that table are read from `PRAGMA user_version`),
 * and any number not yet applied runs on the next start. Never edit a shipped
 * migration: add the next one.
 */
import type Database from 'better-sqlite3';
import { SEARCH_MIGRATION } from './searchIndex.js';

export const MIGRATIONS: ReadonlyMap<number, string> = new Map([
  // 1: initial schema.
  [1, `
  CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, email TEXT);
  CREATE TABLE chats (
    id INTEGER PRIMARY KEY,
    title TEXT,
    member_ids TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    read_seq INTEGER NOT NULL DEFAULT 0,
    -- highest read_seq the server has acknowledged; below read_seq = still to send
    read_seq_sent INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE messages (
    chat_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    id INTEGER NOT NULL,
    sender_id INTEGER NOT NULL,
    content TEXT NOT NULL,
    attachment TEXT,
    timestamp TEXT NOT NULL,
    client_id TEXT,
    PRIMARY KEY (chat_id, seq)
  ) WITHOUT ROWID;
  -- newest seq up to which every message of the chat is in the cache (no holes)
  CREATE TABLE sync_cursors (chat_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
  CREATE TABLE outbox (
    client_id TEXT PRIMARY KEY,
    ord INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    content TEXT NOT NULL,
    attachment TEXT,
    created_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'failed')),
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX outbox_order ON outbox(ord);
  CREATE TABLE contacts (user_id INTEGER PRIMARY KEY, connection_id INTEGER NOT NULL, online INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE requests (request_id INTEGER PRIMARY KEY, from_user_id INTEGER NOT NULL, from_user_name TEXT NOT NULL);
  CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    content TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    user_name TEXT,
    comment_count INTEGER NOT NULL DEFAULT 0,
    reactions TEXT NOT NULL DEFAULT '{}'
  );
  CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    content TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    user_name TEXT
  );
  CREATE INDEX comments_by_post ON comments(post_id, id);
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    target TEXT NOT NULL
  );
  CREATE INDEX notifications_by_time ON notifications(timestamp);
  -- every item an OS alert was raised (or deliberately skipped) for: never alert twice
  CREATE TABLE alerted (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
  `],
  // 2: chats as event logs — edits, tombstones, replies, reactions, membership, reads.
  [2, `
  ALTER TABLE messages ADD COLUMN edited_at TEXT;
  ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE messages ADD COLUMN reply_to_seq INTEGER;
  -- JSON [{reaction, user_ids}] in first-use order
  ALTER TABLE messages ADD COLUMN reactions TEXT NOT NULL DEFAULT '[]';
  -- highest seq of an edit applied to content: an older edit replayed later loses
  ALTER TABLE messages ADD COLUMN content_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE chats ADD COLUMN is_group INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE chats ADD COLUMN admin_ids TEXT NOT NULL DEFAULT '[]';
  -- NULL while a member; 'removed' or 'left' once the chat ended for this user
  ALTER TABLE chats ADD COLUMN ended TEXT CHECK (ended IN ('removed', 'left'));
  -- highest seq of a membership/title event applied to member_ids and title
  ALTER TABLE chats ADD COLUMN meta_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN reply_to_seq INTEGER;
  -- Every non-message event of a chat's seq stream, kept so that a replay is a no-op,
  -- the cursor can step over event seqs, and an event whose target message is not
  -- cached yet is applied when the message arrives. kind 'gap' marks a seq a REST
  -- history page showed to be a non-message event already reflected in its rows.
  CREATE TABLE chat_events (
    chat_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    target_seq INTEGER,
    payload TEXT NOT NULL,
    PRIMARY KEY (chat_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX chat_events_by_target ON chat_events(chat_id, target_seq, seq);
  -- each member's read position, for "seen" ticks
  CREATE TABLE chat_reads (chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (chat_id, user_id)) WITHOUT ROWID;
  `],
  // 4: full-text search and mentions (searchIndex.ts).
  [4, SEARCH_MIGRATION],
]);

/** The bookkeeping table: it survives `wipe()` (store.ts), which empties every other table. */
export const MIGRATIONS_TABLE = 'cache_migrations';

/** Applies every migration not applied yet, in ascending order; returns the highest number. */
export function migrate(db: Database.Database): number {
  const fresh = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) === undefined;
  db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY)`);
  const record = db.prepare(`INSERT OR IGNORE INTO ${MIGRATIONS_TABLE} (version) VALUES (?)`);
  // A cache from before the table: user_version counted the migrations applied, all in order.
  if (fresh) {
    const legacy = db.pragma('user_version', { simple: true }) as number;
    for (let version = 1; version <= legacy; version++) record.run(version);
  }
  const applied = new Set(db.prepare<[], { version: number }>(`SELECT version FROM ${MIGRATIONS_TABLE}`).all().map((r) => r.version));
  const versions = [...MIGRATIONS.keys()].sort((a, b) => a - b);
  for (const version of versions) {
    if (applied.has(version)) continue;
    db.transaction(() => {
      db.exec(MIGRATIONS.get(version) as string);
      record.run(version);
      db.pragma(`user_version = ${Math.max(version, db.pragma('user_version', { simple: true }) as number)}`);
    })();
  }
  return versions.at(-1) ?? 0;
}
