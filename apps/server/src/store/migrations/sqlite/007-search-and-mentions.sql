-- Search and mentions.
--
-- Mentions: the user ids a message names with `@name`, as a JSON array. On a message row
-- it is the current state (edits replace it); on a message_edited row, what that edit set.
ALTER TABLE messages ADD COLUMN mentions TEXT;

-- Full-text index over the text of live messages. External content: the text lives once,
-- in `messages`; the index holds only tokens, keyed by messages.id. Events (edits,
-- reactions…) and tombstones are never indexed, so a deleted message cannot be found.
-- unicode61 with diacritics removed: "cafe" finds "café".
CREATE VIRTUAL TABLE messages_fts USING fts5(
  content,
  content = 'messages',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO messages_fts (rowid, content)
  SELECT id, content FROM messages WHERE kind = 'message' AND deleted = 0;

-- Triggers keep the index in step inside the very transaction the writer thread commits,
-- so no write path (append, edit, delete, a future one) can forget it. A row is indexed
-- exactly while kind = 'message' AND deleted = 0; an external-content delete must be
-- given the text that was indexed, which OLD still has.
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
  WHEN NEW.kind = 'message' AND NEW.deleted = 0
BEGIN
  INSERT INTO messages_fts (rowid, content) VALUES (NEW.id, NEW.content);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, deleted ON messages
  WHEN OLD.kind = 'message'
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) SELECT 'delete', OLD.id, OLD.content WHERE OLD.deleted = 0;
  INSERT INTO messages_fts (rowid, content) SELECT NEW.id, NEW.content WHERE NEW.deleted = 0;
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
  WHEN OLD.kind = 'message' AND OLD.deleted = 0
BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', OLD.id, OLD.content);
END;
