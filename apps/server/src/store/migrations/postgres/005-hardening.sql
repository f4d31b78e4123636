-- Hardening (issue 12).

-- People search matches display names only. Keys were "name\nemail" (already folded by
-- the application); keep what precedes the last newline.
UPDATE users SET search_key = regexp_replace(search_key, E'\n[^\n]*$', '')
 WHERE strpos(search_key, E'\n') > 0;

-- Every uploaded file, with its owner and the name it was uploaded under. `attached_at`
-- is set when a message first references it; files still unattached after the grace
-- period are deleted (rows and files) by the sweeper.
CREATE TABLE uploads (
  name          text        PRIMARY KEY,
  owner_id      bigint      NOT NULL REFERENCES users(id),
  original_name text        NOT NULL,
  size          bigint      NOT NULL,
  content_type  text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  attached_at   timestamptz
);
CREATE INDEX uploads_owner ON uploads (owner_id);
CREATE INDEX uploads_unattached ON uploads (created_at) WHERE attached_at IS NULL;

-- Files attached before this migration: their first sender owns them. Their size was not
-- recorded, so they count as 0 bytes against quotas.
INSERT INTO uploads (name, owner_id, original_name, size, content_type, created_at, attached_at)
SELECT DISTINCT ON (attachment)
       substr(attachment, 15), sender_id, substr(attachment, 15), 0,
       CASE lower(split_part(substr(attachment, 15), '.', 2))
         WHEN 'png' THEN 'image/png' WHEN 'jpg' THEN 'image/jpeg' WHEN 'gif' THEN 'image/gif'
         WHEN 'webp' THEN 'image/webp' WHEN 'pdf' THEN 'application/pdf' WHEN 'txt' THEN 'text/plain'
         WHEN 'zip' THEN 'application/zip' WHEN 'mp3' THEN 'audio/mpeg' WHEN 'mp4' THEN 'video/mp4'
         ELSE 'application/octet-stream' END,
       created_at, created_at
  FROM messages
 WHERE attachment LIKE '/upload/files/%'
 ORDER BY attachment, seq;

-- A block is one-directional: `blocker_id` no longer hears from `blocked_id`.
CREATE TABLE blocks (
  blocker_id bigint      NOT NULL REFERENCES users(id),
  blocked_id bigint      NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);
