-- The full-text index leaves this file for its own, parley-search.db, kept up to date
-- from the event log by a low-priority thread (store/sqlite/searchIndex/). Triggers
-- indexed every message inside the writer's transaction, and that cost a third of the
-- chat relay's throughput. The new index is built from scratch on first start.
DROP TRIGGER IF EXISTS messages_fts_insert;
DROP TRIGGER IF EXISTS messages_fts_update;
DROP TRIGGER IF EXISTS messages_fts_delete;
DROP TABLE IF EXISTS messages_fts;
