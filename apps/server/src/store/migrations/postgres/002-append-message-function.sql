-- Appending a chat message in one round trip. The chat row stays locked from the seq
-- increment until COMMIT; doing the whole append inside the server means that lock is
-- held for the insert and the WAL flush only, never across network round trips to a
-- node, so writers on many nodes appending to one busy chat queue as briefly as possible.
--
-- Guarantees (the Store contract's, across any number of nodes):
-- * seq: the UPDATE … RETURNING takes the chat's row lock, so concurrent appends to one
--   chat get last_seq + 1 one after another; a failed append rolls its increment back.
-- * idempotency on (sender_id, client_id): a repeat returns the stored row, created =
--   false. When two appends with the same key race (on any nodes, in any chats), the
--   unique index makes the second wait for the first to commit and then fail; the inner
--   block rolls back its seq increment with it, so no seq is burned, and the loser
--   returns the winner's row.
-- * timestamps follow seq order: created_at is read after the row lock is held.
CREATE FUNCTION append_message(
  p_chat_id    bigint,
  p_sender_id  bigint,
  p_content    text,
  p_attachment text,
  p_client_id  text
) RETURNS TABLE (
  created    boolean,
  id         bigint,
  chat_id    bigint,
  seq        bigint,
  sender_id  bigint,
  content    text,
  attachment text,
  client_id  text,
  created_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  next_seq  bigint;
  inserted  messages%ROWTYPE;
  violated  text;
BEGIN
  -- Fast path for resends: no lock taken, nothing written.
  IF p_client_id IS NOT NULL THEN
    RETURN QUERY
      SELECT false, m.id, m.chat_id, m.seq, m.sender_id, m.content, m.attachment, m.client_id, m.created_at
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    IF FOUND THEN RETURN; END IF;
  END IF;

  BEGIN
    UPDATE chats SET last_seq = last_seq + 1 WHERE chats.id = p_chat_id RETURNING last_seq INTO next_seq;
    IF next_seq IS NULL THEN
      RAISE EXCEPTION 'chat % not found', p_chat_id USING ERRCODE = 'no_data_found';
    END IF;
    INSERT INTO messages (chat_id, seq, sender_id, content, attachment, client_id, created_at)
      VALUES (p_chat_id, next_seq, p_sender_id, p_content, p_attachment, p_client_id, clock_timestamp())
      RETURNING * INTO inserted;
  EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
    IF violated IS DISTINCT FROM 'messages_client_id' THEN
      RAISE;
    END IF;
    -- Lost the race: the winner committed (the index waited for it), so this statement
    -- sees its row.
    RETURN QUERY
      SELECT false, m.id, m.chat_id, m.seq, m.sender_id, m.content, m.attachment, m.client_id, m.created_at
        FROM messages m WHERE m.sender_id = p_sender_id AND m.client_id = p_client_id;
    RETURN;
  END;

  RETURN QUERY SELECT true, inserted.id, inserted.chat_id, inserted.seq, inserted.sender_id, inserted.content,
                      inserted.attachment, inserted.client_id, inserted.created_at;
END
$$;
