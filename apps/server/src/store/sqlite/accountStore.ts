/** Accounts on SQLite: reads on the main thread, writes through the writer (see accountOps.ts). */
import type { AccountUserStore, InviteRow, InviteStore, SessionRow, SessionStore, UserStatus } from '../accountTypes.js';
import { USER_COLUMNS, qualified, toUser, type UserDbRow } from '../rows.js';
import { INVITE_COLUMNS, SESSION_COLUMNS } from './accountOps.js';
import type { SqliteContext } from './context.js';

export function createAccountUserStore({ read, writer, timed }: SqliteContext): AccountUserStore {
  const list = read.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id > ? ORDER BY id LIMIT ?`);
  return {
    setStatus: (id, status) => timed('users.setStatus', () => writer.call('user.setStatus', { id, status })),
    setRole: (id, role) => timed('users.setRole', () => writer.call('user.setRole', { id, role })),
    setPasswordHash: (id, passwordHash) => timed('users.setPassword', () => writer.call('user.setPassword', { id, passwordHash })),
    updateProfile: (id, changes) => timed('users.updateProfile', () => writer.call('user.updateProfile', { id, ...changes })),
    list: ({ afterId, limit }) => timed('users.list', () => (list.all(afterId, limit) as UserDbRow[]).map(toUser)),
  };
}

export function createSessionStore({ read, writer, timed }: SqliteContext): SessionStore {
  const byId = read.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`);
  const withUser = read.prepare(
    `SELECT ${qualified(SESSION_COLUMNS, 's')}, u.status AS user_status FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
  );
  const listActive = read.prepare(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY last_seen_at DESC, id DESC`,
  );
  const known = read.prepare('SELECT 1 FROM sessions WHERE user_id = ? AND device_hash = ? LIMIT 1').pluck();
  return {
    create: (input) => timed('sessions.create', () => writer.call('session.create', { ...input, now: new Date().toISOString() })),
    byId: (id) => timed('sessions.byId', () => (byId.get(id) as SessionRow | undefined) ?? null),
    withUserStatus: (id) => timed('sessions.withUserStatus', () => (withUser.get(id) as (SessionRow & { user_status: UserStatus }) | undefined) ?? null),
    rotate: (oldHash, newHash, expiresAt, now) => timed('sessions.rotate', () => writer.call('session.rotate', { oldHash, newHash, expiresAt, now })),
    touch: async (id, at) => {
      await timed('sessions.touch', () => writer.call('session.touch', { id, at }));
    },
    listActive: (userId, now) => timed('sessions.listActive', () => listActive.all(userId, now) as SessionRow[]),
    revoke: (userId, ids, exceptId, at) =>
      timed('sessions.revoke', () => writer.call('session.revoke', { userId, ids: ids === 'all' ? 'all' : [...ids], exceptId, at })),
    knownDevice: (userId, deviceHash) => timed('sessions.knownDevice', () => known.get(userId, deviceHash) !== undefined),
  };
}

export function createInviteStore({ read, writer, timed }: SqliteContext): InviteStore {
  const list = read.prepare(`SELECT ${INVITE_COLUMNS} FROM invites ORDER BY id DESC LIMIT ?`);
  return {
    create: (input) => timed('invites.create', () => writer.call('invite.create', { ...input, now: new Date().toISOString() })),
    list: (limit) => timed('invites.list', () => list.all(limit) as InviteRow[]),
  };
}
