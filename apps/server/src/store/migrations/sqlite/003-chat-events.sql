-- A chat becomes an ordered event log. Every change to a chat (message, edit, deletion,
-- reaction, membership change, rename) is a row of `messages` with the chat's next seq,
-- so the one seq counter and the one append path keep the stream gap-free. `kind` says
-- which event a row is; plain messages keep kind 'message' and carry the current state
-- (content after edits, edited_at, deleted) so history reads stay one indexed range.

ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'message';
-- The message an edit, deletion or reaction applies to (events only).
ALTER TABLE messages ADD COLUMN target_seq INTEGER;
-- The message a message answers (messages only).
ALTER TABLE messages ADD COLUMN reply_to_seq INTEGER;
-- Messages: when the last edit happened; null if never edited.
ALTER TABLE messages ADD COLUMN edited_at TEXT;
-- Messages: 1 once deleted (a tombstone: content '' and attachment NULL).
ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
-- Event-specific fields as JSON (reaction, user_id, member_ids, title).
ALTER TABLE messages ADD COLUMN data TEXT;

-- Deleting a message removes its upload file unless another message still shows it:
-- that check must not scan every message. Partial, so plain text sends never touch it.
CREATE INDEX messages_attachment ON messages (attachment) WHERE attachment IS NOT NULL;
-- A deletion blanks the text of the target's earlier edits: found by target, not by a
-- scan of the chat. Partial, so plain messages (no target) never touch it.
CREATE INDEX messages_target ON messages (chat_id, target_seq) WHERE target_seq IS NOT NULL;

-- Current reactions per message; the events in `messages` are their history.
CREATE TABLE message_reactions (
  chat_id    INTEGER NOT NULL REFERENCES chats(id),
  target_seq INTEGER NOT NULL,
  reaction   TEXT    NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT    NOT NULL,
  PRIMARY KEY (chat_id, target_seq, reaction, user_id)
) WITHOUT ROWID;

-- A group has a title or more than two members; a 1:1 chat is neither. `pair_key`
-- ('<low id>:<high id>') is set on 1:1 chats only, and its unique index makes two
-- simultaneous "Message" presses end in one chat.
ALTER TABLE chats ADD COLUMN is_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN pair_key TEXT;
UPDATE chats SET is_group = CASE
  WHEN title IS NOT NULL OR (SELECT COUNT(*) FROM chat_members m WHERE m.chat_id = chats.id) <> 2 THEN 1 ELSE 0 END;
UPDATE chats SET pair_key = (SELECT min(user_id) || ':' || max(user_id) FROM chat_members m WHERE m.chat_id = chats.id)
 WHERE is_group = 0;
-- Pairs that already had several chats keep them all; the oldest becomes the pair's chat.
UPDATE chats SET pair_key = NULL
 WHERE pair_key IS NOT NULL AND id > (SELECT min(c.id) FROM chats c WHERE c.pair_key = chats.pair_key);
CREATE UNIQUE INDEX chats_pair ON chats (pair_key) WHERE pair_key IS NOT NULL;

-- Group admins may add and remove members, rename and delete others' messages. Groups
-- made before admins existed did not record a creator: every member of them is an admin,
-- which takes nothing away from anyone.
ALTER TABLE chat_members ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
UPDATE chat_members SET is_admin = 1 WHERE chat_id IN (SELECT id FROM chats WHERE is_group = 1);
