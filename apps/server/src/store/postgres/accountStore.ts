/** Accounts on PostgreSQL; the same rules as the SQLite writer ops (store/sqlite/accountOps.ts). */
import type { AccountUserStore, InviteRow, InviteStore, SessionRow, SessionStore, UserStatus } from '../accountTypes.js';
import { USER_COLUMNS, qualified, toUser, userSearchKey } from '../rows.js';
import type { UserRow } from '../types.js';
import type { PgContext } from './context.js';

const SESSION_COLUMNS = 'id, user_id, device_name, created_at, last_seen_at, expires_at, revoked_at';
const INVITE_COLUMNS = 'id, code, created_by, created_at, expires_at, used_by, used_at';

export function createAccountUserStore({ rows, timed }: PgContext): AccountUserStore {
  const update = async (sql: string, values: unknown[]) => (await rows<{ id: number }>(`${sql} RETURNING id`, values)).length > 0;
  return {
    setStatus: (id, status) => timed('users.setStatus', () => update('UPDATE users SET status = $1 WHERE id = $2', [status, id])),
    setRole: (id, role) => timed('users.setRole', () => update('UPDATE users SET role = $1 WHERE id = $2', [role, id])),
    setPasswordHash: (id, hash) => timed('users.setPassword', () => update('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, id])),
    updateProfile: (id, { fullName, avatarUrl }) => timed('users.updateProfile', async () => {
      const [current] = await rows<{ full_name: string }>('SELECT full_name FROM users WHERE id = $1', [id]);
      if (!current) return false;
      const name = fullName ?? current.full_name;
      // $4 says whether to set the avatar, since NULL is a value it may be set to.
      return update(
        `UPDATE users SET full_name = $1, search_key = $2, avatar_url = CASE WHEN $4 THEN $3 ELSE avatar_url END WHERE id = $5`,
        [name, userSearchKey(name), avatarUrl ?? null, avatarUrl !== undefined, id],
      );
    }),
    list: ({ afterId, limit }) => timed('users.list', async () =>
      (await rows<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit])).map(toUser),
    ),
  };
}

export function createSessionStore({ rows, transaction, timed }: PgContext): SessionStore {
  return {
    create: (input) => timed('sessions.create', () => transaction(async (client) => {
      const { rows: [session] } = await client.query<SessionRow>(
        `INSERT INTO sessions (user_id, device_name, device_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING ${SESSION_COLUMNS}`,
        [input.userId, input.deviceName, input.deviceHash, input.expiresAt],
      );
      await client.query('INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)', [input.refreshHash, session!.id]);
      return session!;
    })),
    byId: (id) => timed('sessions.byId', async () => (await rows<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1`, [id]))[0] ?? null),
    withUserStatus: (id) => timed('sessions.withUserStatus', async () =>
      (await rows<SessionRow & { user_status: UserStatus }>(
        `SELECT ${qualified(SESSION_COLUMNS, 's')}, u.status AS user_status FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
        [id],
      ))[0] ?? null,
    ),
    rotate: (oldHash, newHash, expiresAt, now) => timed('sessions.rotate', () => transaction(async (client) => {
      // Locking the token row serialises two presentations of the same token: the
      // second sees it used and revokes the session, whichever node it reached.
      const { rows: [token] } = await client.query<{ session_id: number; used: boolean }>(
        'SELECT session_id, used_at IS NOT NULL AS used FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE',
        [oldHash],
      );
      if (!token) return { outcome: 'invalid' as const };
      const { rows: [session] } = await client.query<SessionRow>(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1 FOR UPDATE`,
        [token.session_id],
      );
      if (!session || session.revoked_at !== null) return { outcome: 'ended' as const };
      if (session.expires_at <= now) return { outcome: 'invalid' as const };
      if (token.used) {
        const { rows: [revoked] } = await client.query<SessionRow>(
          `UPDATE sessions SET revoked_at = $1 WHERE id = $2 RETURNING ${SESSION_COLUMNS}`,
          [now, session.id],
        );
        return { outcome: 'reused' as const, session: revoked! };
      }
      await client.query('UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2', [now, oldHash]);
      await client.query('INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES ($1, $2, $3)', [newHash, session.id, now]);
      const { rows: [extended] } = await client.query<SessionRow>(
        `UPDATE sessions SET expires_at = $1, last_seen_at = $2 WHERE id = $3 RETURNING ${SESSION_COLUMNS}`,
        [expiresAt, now, session.id],
      );
      return { outcome: 'rotated' as const, session: extended! };
    })),
    touch: (id, at) => timed('sessions.touch', async () => {
      await rows('UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND last_seen_at < $1', [at, id]);
    }),
    listActive: (userId, now) => timed('sessions.listActive', () =>
      rows<SessionRow>(
        `SELECT ${SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY last_seen_at DESC, id DESC`,
        [userId, now],
      ),
    ),
    revoke: (userId, ids, exceptId, at) => timed('sessions.revoke', async () => {
      const filter = ids === 'all' ? '' : 'AND id = ANY($4::bigint[])';
      const values: unknown[] = [at, userId, exceptId ?? 0];
      if (ids !== 'all') values.push([...ids]);
      const revoked = await rows<{ id: number }>(
        `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND id <> $3 ${filter} RETURNING id`,
        values,
      );
      return revoked.map((r) => r.id);
    }),
    knownDevice: (userId, deviceHash) => timed('sessions.knownDevice', async () =>
      (await rows('SELECT 1 FROM sessions WHERE user_id = $1 AND device_hash = $2 LIMIT 1', [userId, deviceHash])).length > 0,
    ),
  };
}

export function createInviteStore({ rows, timed }: PgContext): InviteStore {
  return {
    create: ({ code, createdBy, expiresAt }) => timed('invites.create', async () =>
      (await rows<InviteRow>(
        `INSERT INTO invites (code, created_by, expires_at) VALUES ($1, $2, $3) RETURNING ${INVITE_COLUMNS}`,
        [code, createdBy, expiresAt],
      ))[0]!,
    ),
    list: (limit) => timed('invites.list', () => rows<InviteRow>(`SELECT ${INVITE_COLUMNS} FROM invites ORDER BY id DESC LIMIT $1`, [limit])),
  };
}
