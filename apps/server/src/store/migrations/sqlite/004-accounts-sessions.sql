-- Accounts (issue 12): roles and deactivation, avatars, server-side sessions with
-- rotating refresh tokens, and admin-issued invites.

ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'));
-- A deactivated user cannot sign in; their messages stay.
ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated'));
-- A URL returned by POST /upload, or NULL.
ALTER TABLE users ADD COLUMN avatar_url TEXT;

-- One signed-in device. Access tokens name the session; revoking it ends them all.
CREATE TABLE sessions (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  device_name  TEXT    NOT NULL,
  -- SHA-256 of the device id the client keeps, so a known device can be recognised
  -- at login (see docs/security.md) without storing the id itself.
  device_hash  TEXT,
  created_at   TEXT    NOT NULL,
  last_seen_at TEXT    NOT NULL,
  expires_at   TEXT    NOT NULL,
  revoked_at   TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, revoked_at);
CREATE INDEX sessions_device ON sessions (user_id, device_hash);

-- Every refresh token a session was given (SHA-256 only). A used one presented again
-- means a copy leaked: the whole session is revoked.
CREATE TABLE refresh_tokens (
  token_hash TEXT    PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  created_at TEXT    NOT NULL,
  used_at    TEXT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE invites (
  id         INTEGER PRIMARY KEY,
  code       TEXT    NOT NULL UNIQUE,
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT    NOT NULL,
  expires_at TEXT    NOT NULL,
  used_by    INTEGER REFERENCES users(id),
  used_at    TEXT
);
