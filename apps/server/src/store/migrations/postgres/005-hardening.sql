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

-- Messages carry their attachment's original name and size, copied from `uploads` when
-- sent, so history, replay and live delivery show every member the same name without a
-- lookup per message. Older attachments keep NULL: their names were never recorded.
ALTER TABLE messages ADD COLUMN attachment_name text;
ALTER TABLE messages ADD COLUMN attachment_size bigint;

-- append_message stores and returns them. The new parameters come last with defaults,
-- so a six-argument call still works. The body is the one of migration 003 (see 002 for
-- its guarantees) with the two columns added.
DROP FUNCTION append_message(bigint, bigint, text, text, text, bigint);
CREATE FUNCTION append_message(
  p_chat_id         bigint,
  p_sender_id       bigint,
  p_content         text,
  p_attachment      text,
  p_client_id       text,
  p_reply_to_seq    bigint,
  p_attachment_name text DEFAULT NULL,
  p_attachment_size bigint DEFAULT NULL
) RETURNS TABLE (
  created         boolean,
  id              bigint,
  chat_id         bigint,
  seq             bigint,
  sender_id       bigint,
  content         text,
  attachment      text,
  attachment_name text,
  attachment_size bigint,
  client_id       text,
  created_at      timestamptz,
  reply_to_seq    bigint,
  edited_at       timestamptz,
  deleted         boolean
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  next_seq  bigint;
  inserted  messages%ROWTYPE;
  violated  text;
BEGIN
  IF p_client_id IS NOT NULL THEN
    RETURN QUERY
      SELECT false, m.id, m.chat_id, m.seq, m.sender_id, m.content, m.attachment, m.attachment_name, m.attachment_size,
             m.client_id, m.created_at, m.reply_to_seq, m.edited_at, m.deleted
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    IF FOUND THEN RETURN; END IF;
  END IF;

  BEGIN
    UPDATE chats SET last_seq = last_seq + 1 WHERE chats.id = p_chat_id RETURNING last_seq INTO next_seq;
    IF next_seq IS NULL THEN
      RAISE EXCEPTION 'chat % not found', p_chat_id USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO messages (chat_id, seq, sender_id, content, attachment, attachment_name, attachment_size, client_id, created_at, reply_to_seq)
      VALUES (p_chat_id, next_seq, p_sender_id, p_content, p_attachment, p_attachment_name, p_attachment_size, p_client_id,
              clock_timestamp(), p_reply_to_seq)
      RETURNING * INTO inserted;
  EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
    IF violated IS DISTINCT FROM 'messages_client_id' THEN
      RAISE;
    END IF;
    RETURN QUERY
      SELECT false, m.id, m.chat_id, m.seq, m.sender_id, m.content, m.attachment, m.attachment_name, m.attachment_size,
             m.client_id, m.created_at, m.reply_to_seq, m.edited_at, m.deleted
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    RETURN;
  END;

  RETURN QUERY SELECT true, inserted.id, inserted.chat_id, inserted.seq, inserted.sender_id, inserted.content,
                      inserted.attachment, inserted.attachment_name, inserted.attachment_size,
                      inserted.client_id, inserted.created_at,
                      inserted.reply_to_seq, inserted.edited_at, inserted.deleted;
END
$$;
