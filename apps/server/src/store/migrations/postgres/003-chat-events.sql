-- A chat becomes an ordered event log; see the SQLite migration of the same number for
-- the design. Every change to a chat is a row of `messages` with the chat's next seq.

ALTER TABLE messages ADD COLUMN kind text NOT NULL DEFAULT 'message';
ALTER TABLE messages ADD COLUMN target_seq bigint;
ALTER TABLE messages ADD COLUMN reply_to_seq bigint;
ALTER TABLE messages ADD COLUMN edited_at timestamptz;
ALTER TABLE messages ADD COLUMN deleted boolean NOT NULL DEFAULT false;
ALTER TABLE messages ADD COLUMN data jsonb;

-- Deleting a message removes its upload file unless another message still shows it:
-- that check must not scan every message. Partial, so plain text sends never touch it.
CREATE INDEX messages_attachment ON messages (attachment) WHERE attachment IS NOT NULL;
-- A deletion blanks the text of the target's earlier edits: found by target, not by a
-- scan of the chat. Partial, so plain messages (no target) never touch it.
CREATE INDEX messages_target ON messages (chat_id, target_seq) WHERE target_seq IS NOT NULL;

CREATE TABLE message_reactions (
  chat_id    bigint      NOT NULL REFERENCES chats(id),
  target_seq bigint      NOT NULL,
  reaction   text        NOT NULL,
  user_id    bigint      NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chat_id, target_seq, reaction, user_id)
);

ALTER TABLE chats ADD COLUMN is_group boolean NOT NULL DEFAULT false;
ALTER TABLE chats ADD COLUMN pair_key text;
UPDATE chats SET is_group = (title IS NOT NULL OR (SELECT COUNT(*) FROM chat_members m WHERE m.chat_id = chats.id) <> 2);
UPDATE chats SET pair_key = (SELECT min(user_id) || ':' || max(user_id) FROM chat_members m WHERE m.chat_id = chats.id)
 WHERE NOT is_group;
UPDATE chats SET pair_key = NULL
 WHERE pair_key IS NOT NULL AND id > (SELECT min(c.id) FROM chats c WHERE c.pair_key = chats.pair_key);
CREATE UNIQUE INDEX chats_pair ON chats (pair_key) WHERE pair_key IS NOT NULL;

ALTER TABLE chat_members ADD COLUMN is_admin boolean NOT NULL DEFAULT false;
UPDATE chat_members SET is_admin = true WHERE chat_id IN (SELECT id FROM chats WHERE is_group);

-- append_message gains the reply and returns the new state columns. The body is the
-- one of migration 002; see there for its guarantees.
DROP FUNCTION append_message(bigint, bigint, text, text, text);
CREATE FUNCTION append_message(
  p_chat_id      bigint,
  p_sender_id    bigint,
  p_content      text,
  p_attachment   text,
  p_client_id    text,
  p_reply_to_seq bigint
) RETURNS TABLE (
  created      boolean,
  id           bigint,
  chat_id      bigint,
  seq          bigint,
  sender_id    bigint,
  content      text,
  attachment   text,
  client_id    text,
  created_at   timestamptz,
  reply_to_seq bigint,
  edited_at    timestamptz,
  deleted      boolean
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  next_seq  bigint;
  inserted  messages%ROWTYPE;
  violated  text;
BEGIN
  IF p_client_id IS NOT NULL THEN
    RETURN QUERY
      SELECT false, m.id, m.chat_id, m.seq, m.sender_id, m.content, m.attachment, m.client_id, m.created_at,
             m.reply_to_seq, m.edited_at, m.deleted
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    IF FOUND THEN RETURN; END IF;
  END IF;

  BEGIN
    UPDATE chats SET last_seq = last_seq + 1 WHERE chats.id = p_chat_id RETURNING last_seq INTO next_seq;
    IF next_seq IS NULL THEN
      RAISE EXCEPTION 'chat % not found', p_chat_id USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO messages (chat_id, seq, sender_id, content, attachment, client_id, created_at, reply_to_seq)
      VALUES (p_chat_id, next_seq, p_sender_id, p_content, p_attachment, p_client_id, clock_timestamp(), p_reply_to_seq)
      RETURNING * INTO inserted;
  EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
    IF violated IS DISTINCT FROM 'messages_client_id' THEN
      RAISE;
    END IF;
    RETURN QUERY
      SELECT false, m.id, m.chat_id, m.seq, m.sender_id, m.content, m.attachment, m.client_id, m.created_at,
             m.reply_to_seq, m.edited_at, m.deleted
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    RETURN;
  END;

  RETURN QUERY SELECT true, inserted.id, inserted.chat_id, inserted.seq, inserted.sender_id, inserted.content,
                      inserted.attachment, inserted.client_id, inserted.created_at,
                      inserted.reply_to_seq, inserted.edited_at, inserted.deleted;
END
$$;
