-- Parley's first schema. Timestamps are ISO-8601 UTC text with milliseconds
-- (`2024-01-01T12:00:00.000Z`), written by the application so every engine agrees.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  -- NOCASE: `Ann@x.org` and `ann@x.org` are the same account.
  email         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
  full_name     TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  -- Name and email folded to lower case by the application (full Unicode, which
  -- SQLite's built-in lower()/LIKE are not), so search is one instr() per row.
  search_key    TEXT    NOT NULL,
  created_at    TEXT    NOT NULL
);

CREATE TABLE connections (
  id           INTEGER PRIMARY KEY,
  from_user_id INTEGER NOT NULL REFERENCES users(id),
  to_user_id   INTEGER NOT NULL REFERENCES users(id),
  status       TEXT    NOT NULL CHECK (status IN ('pending', 'accepted')),
  created_at   TEXT    NOT NULL,
  CHECK (from_user_id <> to_user_id)
);
-- One row per pair of users whichever of them asked first.
CREATE UNIQUE INDEX connections_pair
  ON connections (min(from_user_id, to_user_id), max(from_user_id, to_user_id));
CREATE INDEX connections_to ON connections (to_user_id, status);
CREATE INDEX connections_from ON connections (from_user_id, status);

CREATE TABLE chats (
  id         INTEGER PRIMARY KEY,
  title      TEXT,
  -- Highest seq handed out; the next message gets last_seq + 1 in the same transaction.
  last_seq   INTEGER NOT NULL DEFAULT 0,
  created_at TEXT    NOT NULL
);

CREATE TABLE chat_members (
  chat_id  INTEGER NOT NULL REFERENCES chats(id),
  user_id  INTEGER NOT NULL REFERENCES users(id),
  -- Everything up to and including this seq has been read by user_id.
  read_seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX chat_members_user ON chat_members (user_id, chat_id);

CREATE TABLE messages (
  id         INTEGER PRIMARY KEY,
  chat_id    INTEGER NOT NULL REFERENCES chats(id),
  seq        INTEGER NOT NULL,
  sender_id  INTEGER NOT NULL REFERENCES users(id),
  content    TEXT    NOT NULL,
  attachment TEXT,
  client_id  TEXT,
  created_at TEXT    NOT NULL,
  UNIQUE (chat_id, seq)
);
-- Unread counts subtract the reader's own messages after read_seq: a short range here.
CREATE INDEX messages_chat_sender ON messages (chat_id, sender_id, seq);
-- Idempotent sends: one message per (sender, client_id) when the client gave an id.
CREATE UNIQUE INDEX messages_client_id
  ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE posts (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  content    TEXT    NOT NULL,
  created_at TEXT    NOT NULL
);

CREATE TABLE comments (
  id         INTEGER PRIMARY KEY,
  post_id    INTEGER NOT NULL REFERENCES posts(id),
  user_id    INTEGER NOT NULL REFERENCES users(id),
  content    TEXT    NOT NULL,
  created_at TEXT    NOT NULL
);
CREATE INDEX comments_post ON comments (post_id, id);

CREATE TABLE reactions (
  id         INTEGER PRIMARY KEY,
  post_id    INTEGER NOT NULL REFERENCES posts(id),
  user_id    INTEGER NOT NULL REFERENCES users(id),
  reaction   TEXT    NOT NULL,
  created_at TEXT    NOT NULL,
  -- Re-adding the same reaction is a no-op; different reactions from one user coexist.
  UNIQUE (post_id, user_id, reaction)
);
