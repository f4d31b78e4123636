-- Parley's first PostgreSQL schema: the same tables, columns and rules as the SQLite
-- schema, so both engines return identical rows. Ids are bigint (read back as JS
-- numbers); timestamps are timestamptz, read back as `2024-01-01T12:00:00.000Z`.

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text        NOT NULL,
  full_name     text        NOT NULL,
  password_hash text        NOT NULL,
  -- Name and email folded to lower case by the application with the same rule the
  -- SQLite store uses, so search matches the same people on both engines.
  search_key    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- `Ann@x.org` and `ann@x.org` are the same account.
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE connections (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  from_user_id bigint      NOT NULL REFERENCES users(id),
  to_user_id   bigint      NOT NULL REFERENCES users(id),
  status       text        NOT NULL CHECK (status IN ('pending', 'accepted')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (from_user_id <> to_user_id)
);
-- One row per pair of users whichever of them asked first.
CREATE UNIQUE INDEX connections_pair
  ON connections (least(from_user_id, to_user_id), greatest(from_user_id, to_user_id));
CREATE INDEX connections_to ON connections (to_user_id, status);
CREATE INDEX connections_from ON connections (from_user_id, status);

CREATE TABLE chats (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title      text,
  -- Highest seq handed out. Appending increments it in the inserting transaction, which
  -- row-locks the chat: writers on every node queue on that lock, so seqs stay 1, 2, 3…
  last_seq   bigint      NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chat_members (
  chat_id  bigint NOT NULL REFERENCES chats(id),
  user_id  bigint NOT NULL REFERENCES users(id),
  -- Everything up to and including this seq has been read by user_id.
  read_seq bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_members_user ON chat_members (user_id, chat_id);

CREATE TABLE messages (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  chat_id    bigint      NOT NULL REFERENCES chats(id),
  seq        bigint      NOT NULL,
  sender_id  bigint      NOT NULL REFERENCES users(id),
  content    text        NOT NULL,
  attachment text,
  client_id  text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT messages_chat_seq UNIQUE (chat_id, seq)
);
-- Unread counts subtract the reader's own messages after read_seq: a short range here.
CREATE INDEX messages_chat_sender ON messages (chat_id, sender_id, seq);
-- Idempotent sends: one message per (sender, client_id) when the client gave an id.
CREATE UNIQUE INDEX messages_client_id
  ON messages (sender_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE posts (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint      NOT NULL REFERENCES users(id),
  content    text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comments (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id    bigint      NOT NULL REFERENCES posts(id),
  user_id    bigint      NOT NULL REFERENCES users(id),
  content    text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_post ON comments (post_id, id);

CREATE TABLE reactions (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id    bigint      NOT NULL REFERENCES posts(id),
  user_id    bigint      NOT NULL REFERENCES users(id),
  reaction   text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Re-adding the same reaction is a no-op; different reactions from one user coexist.
  UNIQUE (post_id, user_id, reaction)
);
