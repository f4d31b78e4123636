-- Hardening (issue 12).

-- People search matches display names only. Keys were "name\nemail" (already folded by
-- the application); keep what precedes the last newline. rtrim(k, <k without newlines>)
-- strips the trailing run of non-newline characters, leaving "name\n".
UPDATE users
   SET search_key = substr(rtrim(search_key, replace(search_key, char(10), '')), 1,
                           length(rtrim(search_key, replace(search_key, char(10), ''))) - 1)
 WHERE instr(search_key, char(10)) > 0;

-- Every uploaded file, with its owner and the name it was uploaded under. `attached_at`
-- is set when a message first references it; files still unattached after the grace
-- period are deleted (rows and files) by the sweeper.
CREATE TABLE uploads (
  name          TEXT    PRIMARY KEY,
  owner_id      INTEGER NOT NULL REFERENCES users(id),
  original_name TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  content_type  TEXT    NOT NULL,
  created_at    TEXT    NOT NULL,
  attached_at   TEXT
) WITHOUT ROWID;
CREATE INDEX uploads_owner ON uploads (owner_id);
CREATE INDEX uploads_unattached ON uploads (created_at) WHERE attached_at IS NULL;

-- Files attached before this migration: their first sender owns them. Their size was not
-- recorded, so they count as 0 bytes against quotas.
INSERT INTO uploads (name, owner_id, original_name, size, content_type, created_at, attached_at)
SELECT substr(attachment, 15), sender_id, substr(attachment, 15), 0,
       CASE lower(substr(attachment, instr(substr(attachment, 15), '.') + 15))
         WHEN 'png' THEN 'image/png' WHEN 'jpg' THEN 'image/jpeg' WHEN 'gif' THEN 'image/gif'
         WHEN 'webp' THEN 'image/webp' WHEN 'pdf' THEN 'application/pdf' WHEN 'txt' THEN 'text/plain'
         WHEN 'zip' THEN 'application/zip' WHEN 'mp3' THEN 'audio/mpeg' WHEN 'mp4' THEN 'video/mp4'
         ELSE 'application/octet-stream' END,
       min(created_at), min(created_at)
  FROM messages
 WHERE attachment LIKE '/upload/files/%'
 GROUP BY attachment;

-- A block is one-directional: `blocker_id` no longer hears from `blocked_id`.
CREATE TABLE blocks (
  blocker_id INTEGER NOT NULL REFERENCES users(id),
  blocked_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT    NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  CHECK (blocker_id <> blocked_id)
) WITHOUT ROWID;
CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);

-- Messages carry their attachment's original name and size, copied from `uploads` when
-- sent, so history, replay and live delivery show every member the same name without a
-- lookup per message. Older attachments keep NULL: their names were never recorded.
ALTER TABLE messages ADD COLUMN attachment_name TEXT;
ALTER TABLE messages ADD COLUMN attachment_size INTEGER;
