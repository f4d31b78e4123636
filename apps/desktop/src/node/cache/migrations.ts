/**
 * Schema of the local cache, as numbered migrations applied in order inside one
 * transaction each; `PRAGMA user_version` records the last one applied. Never edit a
 * shipped migration: add the next one.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: initial schema.
  `
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
  `,
  // 2: chats as event logs — edits, tombstones, replies, reactions, membership, reads.
  `
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
  `,
];

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
