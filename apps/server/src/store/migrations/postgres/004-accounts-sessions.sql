-- Accounts (issue 12): roles and deactivation, avatars, server-side sessions with
-- rotating refresh tokens, and admin-issued invites.

ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'));
-- A deactivated user cannot sign in; their messages stay.
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated'));
-- A URL returned by POST /upload, or NULL.
ALTER TABLE users ADD COLUMN avatar_url text;

-- One signed-in device. Access tokens name the session; revoking it ends them all.
CREATE TABLE sessions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users(id),
  device_name  text        NOT NULL,
  -- SHA-256 of the device id the client keeps, so a known device can be recognised
  -- at login (see docs/security.md) without storing the id itself.
  device_hash  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id, revoked_at);
CREATE INDEX sessions_device ON sessions (user_id, device_hash);

-- Every refresh token a session was given (SHA-256 only). A used one presented again
-- means a copy leaked: the whole session is revoked.
CREATE TABLE refresh_tokens (
  token_hash text        PRIMARY KEY,
  session_id bigint      NOT NULL REFERENCES sessions(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at    timestamptz
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE invites (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text        NOT NULL UNIQUE,
  created_by bigint      NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_by    bigint REFERENCES users(id),
  used_at    timestamptz
);
