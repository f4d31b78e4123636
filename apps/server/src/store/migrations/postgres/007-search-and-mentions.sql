-- Search and mentions.
--
-- Mentions: the user ids a message names with `@name`. On a message row it is the current
-- state (edits replace it); on a message_edited row, what that edit set.
ALTER TABLE messages ADD COLUMN mentions bigint[];

-- Full-text vector of live messages only: a generated column, so every write path
-- (append, edit, deletion) keeps it current in the same statement, and a tombstone or
-- an event row has none — a deleted message cannot be found. 'simple': no stemming and
-- no stop words, the same word-prefix matching the SQLite index does.
ALTER TABLE messages ADD COLUMN search tsvector
  GENERATED ALWAYS AS (CASE WHEN kind = 'message' AND NOT deleted THEN to_tsvector('simple', content) END) STORED;
CREATE INDEX messages_search ON messages USING gin (search);

-- append_message stores mentions too and returns them. Migration 005 gave it the
-- attachment's name and size; this replaces that eight-argument function (so exactly one
-- append_message exists) with one that takes mentions last, defaulted like 005's two.
-- The body is the one of migration 005 (see 002 for its guarantees) with mentions added.
DROP FUNCTION append_message(bigint, bigint, text, text, text, bigint, text, bigint);
CREATE FUNCTION append_message(
  p_chat_id         bigint,
  p_sender_id       bigint,
  p_content         text,
  p_attachment      text,
  p_client_id       text,
  p_reply_to_seq    bigint,
  p_attachment_name text DEFAULT NULL,
  p_attachment_size bigint DEFAULT NULL,
  p_mentions        bigint[] DEFAULT NULL
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
  deleted         boolean,
  mentions        bigint[]
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
             m.client_id, m.created_at, m.reply_to_seq, m.edited_at, m.deleted, m.mentions
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    IF FOUND THEN RETURN; END IF;
  END IF;

  BEGIN
    UPDATE chats SET last_seq = last_seq + 1 WHERE chats.id = p_chat_id RETURNING last_seq INTO next_seq;
    IF next_seq IS NULL THEN
      RAISE EXCEPTION 'chat % not found', p_chat_id USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO messages (chat_id, seq, sender_id, content, attachment, attachment_name, attachment_size, client_id, created_at,
                          reply_to_seq, mentions)
      VALUES (p_chat_id, next_seq, p_sender_id, p_content, p_attachment, p_attachment_name, p_attachment_size, p_client_id,
              clock_timestamp(), p_reply_to_seq, p_mentions)
      RETURNING * INTO inserted;
  EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
    IF violated IS DISTINCT FROM 'messages_client_id' THEN
      RAISE;
    END IF;
    RETURN QUERY
      SELECT false, m.id, m.chat_id, m.seq, m.sender_id, m.content, m.attachment, m.attachment_name, m.attachment_size,
             m.client_id, m.created_at, m.reply_to_seq, m.edited_at, m.deleted, m.mentions
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    RETURN;
  END;

  RETURN QUERY SELECT true, inserted.id, inserted.chat_id, inserted.seq, inserted.sender_id, inserted.content,
                      inserted.attachment, inserted.attachment_name, inserted.attachment_size,
                      inserted.client_id, inserted.created_at,
                      inserted.reply_to_seq, inserted.edited_at, inserted.deleted, inserted.mentions;
END
$$;
