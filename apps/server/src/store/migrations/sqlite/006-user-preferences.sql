-- Notification preferences, one row per user who changed any (the others have the
-- defaults). Kept as one JSON document so a change from any device is a single
-- read-merge-write inside the writer's transaction, and `version` grows with each change
-- so devices can tell a newer copy from an older one.
CREATE TABLE user_preferences (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id),
  version    INTEGER NOT NULL,
  data       TEXT    NOT NULL,
  updated_at TEXT    NOT NULL
);
