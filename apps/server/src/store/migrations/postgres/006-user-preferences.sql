-- Notification preferences; see the SQLite migration of the same number. The row is
-- locked (SELECT … FOR UPDATE) while a change is merged, so two devices changing
-- different fields at once on different nodes both keep their change.
CREATE TABLE user_preferences (
  user_id    bigint PRIMARY KEY REFERENCES users(id),
  version    bigint      NOT NULL,
  data       jsonb       NOT NULL,
  updated_at timestamptz NOT NULL
);
