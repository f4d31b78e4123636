/**
 * Account writes in the SQLite writer thread: user administration, sessions and their
 * refresh tokens, invites. Same rules as the PostgreSQL store (store/postgres/accountStore.ts).
 */
import type { InviteRow, NewSession, RotateOutcome, SessionRow, UserRole, UserStatus } from '../accountTypes.js';
import { userSearchKey } from '../rows.js';
import type { Db } from './db.js';
import { WriteFailure } from './writeProtocol.js';

export const SESSION_COLUMNS = 'id, user_id, device_name, created_at, last_seen_at, expires_at, revoked_at';
export const INVITE_COLUMNS = 'id, code, created_by, created_at, expires_at, used_by, used_at';

export interface AccountWriteOps {
  'user.setStatus': { input: { id: number; status: UserStatus }; output: boolean };
  'user.setRole': { input: { id: number; role: UserRole }; output: boolean };
  'user.setPassword': { input: { id: number; passwordHash: string }; output: boolean };
  'user.updateProfile': { input: { id: number; fullName?: string; avatarUrl?: string | null }; output: boolean };
  'session.create': { input: NewSession & { now: string }; output: SessionRow };
  'session.rotate': { input: { oldHash: string; newHash: string; expiresAt: string; now: string }; output: RotateOutcome };
  'session.touch': { input: { id: number; at: string }; output: null };
  'session.revoke': { input: { userId: number; ids: number[] | 'all'; exceptId: number | null; at: string }; output: number[] };
  'invite.create': { input: { code: string; createdBy: number; expiresAt: string; now: string }; output: InviteRow };
}

type Handlers = { [K in keyof AccountWriteOps]: (input: AccountWriteOps[K]['input']) => AccountWriteOps[K]['output'] };

export function createAccountOps(db: Db): Handlers & { consumeInvite(code: string, userId: number, now: string): void } {
  const s = {
    setStatus: db.prepare('UPDATE users SET status = ? WHERE id = ?'),
    setRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    userForProfile: db.prepare('SELECT full_name, avatar_url FROM users WHERE id = ?'),
    updateProfile: db.prepare('UPDATE users SET full_name = ?, avatar_url = ?, search_key = ? WHERE id = ?'),
    insertSession: db.prepare(
      `INSERT INTO sessions (user_id, device_name, device_hash, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING ${SESSION_COLUMNS}`,
    ),
    insertToken: db.prepare('INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)'),
    tokenByHash: db.prepare('SELECT session_id, used_at FROM refresh_tokens WHERE token_hash = ?'),
    useToken: db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
    sessionById: db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`),
    extendSession: db.prepare(`UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id = ? RETURNING ${SESSION_COLUMNS}`),
    revokeOne: db.prepare(`UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING ${SESSION_COLUMNS}`),
    touch: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?'),
    revokeAll: db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id <> ? RETURNING id').pluck(),
    revokeSome: db.prepare(
      'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND id <> ? AND id IN (SELECT value FROM json_each(?)) RETURNING id',
    ).pluck(),
    insertInvite: db.prepare(`INSERT INTO invites (code, created_by, created_at, expires_at) VALUES (?, ?, ?, ?) RETURNING ${INVITE_COLUMNS}`),
    useInvite: db.prepare('UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_at IS NULL AND expires_at > ? RETURNING id'),
  };
  const changed = (r: { changes: number }) => r.changes > 0;

  return {
    'user.setStatus': ({ id, status }) => changed(s.setStatus.run(status, id)),
    'user.setRole': ({ id, role }) => changed(s.setRole.run(role, id)),
    'user.setPassword': ({ id, passwordHash }) => changed(s.setPassword.run(passwordHash, id)),
    'user.updateProfile'({ id, fullName, avatarUrl }) {
      const current = s.userForProfile.get(id) as { full_name: string; avatar_url: string | null } | undefined;
      if (!current) return false;
      const name = fullName ?? current.full_name;
      s.updateProfile.run(name, avatarUrl === undefined ? current.avatar_url : avatarUrl, userSearchKey(name), id);
      return true;
    },
    'session.create'({ userId, deviceName, deviceHash, refreshHash, expiresAt, now }) {
      const row = s.insertSession.get(userId, deviceName, deviceHash, now, now, expiresAt) as SessionRow;
      s.insertToken.run(refreshHash, row.id, now);
      return row;
    },
    'session.rotate'({ oldHash, newHash, expiresAt, now }) {
      const token = s.tokenByHash.get(oldHash) as { session_id: number; used_at: string | null } | undefined;
      if (!token) return { outcome: 'invalid' };
      const session = s.sessionById.get(token.session_id) as SessionRow;
      if (session.revoked_at !== null) return { outcome: 'ended' };
      if (session.expires_at <= now) return { outcome: 'invalid' };
      if (token.used_at !== null) {
        return { outcome: 'reused', session: s.revokeOne.get(now, session.id) as SessionRow };
      }
      s.useToken.run(now, oldHash);
      s.insertToken.run(newHash, session.id, now);
      return { outcome: 'rotated', session: s.extendSession.get(expiresAt, now, session.id) as SessionRow };
    },
    'session.touch'({ id, at }) {
      s.touch.run(at, id, at);
      return null;
    },
    'session.revoke'({ userId, ids, exceptId, at }) {
      const except = exceptId ?? 0;
      return (ids === 'all' ? s.revokeAll.all(at, userId, except) : s.revokeSome.all(at, userId, except, JSON.stringify(ids))) as number[];
    },
    'invite.create'({ code, createdBy, expiresAt, now }) {
      try {
        return s.insertInvite.get(code, createdBy, now, expiresAt) as InviteRow;
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new WriteFailure('not_found', 'user not found');
        throw err;
      }
    },
    consumeInvite(code, userId, now) {
      if (s.useInvite.get(userId, now, code, now) === undefined) {
        throw new WriteFailure('forbidden', 'the invite code is unknown, expired or already used');
      }
    },
  };
}
