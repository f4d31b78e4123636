/**
 * Administration shared by the `parley-server admin` command and the /admin routes:
 * creating administrators, resetting passwords, deactivating and reactivating users,
 * listing users, and invites. Deactivation keeps the user's messages; it revokes every
 * session and closes their sockets on every node (close code 4501).
 */
import { randomBytes } from 'node:crypto';
import type { AdminUser, Invite } from '@parley/protocol';
import type { Store, UserRow } from '../store/types.js';
import type { AdminApi } from './accountTypes.js';
import { hashPassword } from './auth.js';
import { checkDisplayName } from './displayName.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { HashGate } from './hashGate.js';

export function toAdminUser(u: UserRow): AdminUser {
  return { id: u.id, email: u.email, full_name: u.full_name, role: u.role, status: u.status, created_at: u.created_at };
}

export function newInviteCode(): string {
  return randomBytes(12).toString('base64url');
}

export interface AccountAdmin {
  /** Creates an admin, or makes an existing account (same email) one and sets its password. */
  createAdmin(email: string, fullName: string, password: string): Promise<AdminUser>;
  resetPassword(email: string, password: string): Promise<AdminUser>;
  setStatus(email: string, status: 'active' | 'deactivated'): Promise<AdminUser>;
  setStatusById(userId: number, status: 'active' | 'deactivated'): Promise<AdminUser>;
  listUsers(afterId: number, limit: number): Promise<AdminUser[]>;
}

export function createAccountAdmin(store: Store, events: EventSink, gate: HashGate): AccountAdmin {
  async function byEmail(email: string): Promise<UserRow> {
    const user = await store.users.byEmail(email.trim().toLowerCase());
    if (!user) throw new AppError('not_found', `no user with email ${email}`);
    return user;
  }

  async function revokeAll(userId: number, reason: 'signed_out' | 'deactivated'): Promise<void> {
    await store.sessions.revoke(userId, 'all', null, new Date().toISOString());
    // Published even when no session was open in the database's view: sockets close by user.
    events.publish({ kind: 'sessions_revoked', userId, sessionIds: 'all', reason });
  }

  async function setStatus(user: UserRow, status: 'active' | 'deactivated'): Promise<AdminUser> {
    await store.users.setStatus(user.id, status);
    if (status === 'deactivated') await revokeAll(user.id, 'deactivated');
    return toAdminUser({ ...user, status });
  }

  return {
    async createAdmin(email, fullName, password) {
      const normalized = email.trim().toLowerCase();
      const passwordHash = await hashPassword(gate, 'known', password);
      const existing = await store.users.byEmail(normalized);
      if (existing) {
        await store.users.setRole(existing.id, 'admin');
        await store.users.setPasswordHash(existing.id, passwordHash);
        return toAdminUser({ ...existing, role: 'admin' });
      }
      const user = await store.users.create({ email: normalized, fullName: checkDisplayName(fullName), passwordHash, role: 'admin' });
      return toAdminUser(user);
    },
    async resetPassword(email, password) {
      const user = await byEmail(email);
      await store.users.setPasswordHash(user.id, await hashPassword(gate, 'known', password));
      await revokeAll(user.id, 'signed_out');
      return toAdminUser(user);
    },
    setStatus: async (email, status) => setStatus(await byEmail(email), status),
    async setStatusById(userId, status) {
      const user = await store.users.byId(userId);
      if (!user) throw new AppError('not_found', 'user not found');
      return setStatus(user, status);
    },
    listUsers: async (afterId, limit) => (await store.users.list({ afterId, limit })).map(toAdminUser),
  };
}

/** The /admin routes' domain: every call first checks the caller is an active admin. */
export function createAdminApi(store: Store, admin: AccountAdmin): AdminApi {
  async function requireAdmin(userId: number): Promise<void> {
    const user = await store.users.byId(userId);
    if (!user || user.role !== 'admin' || user.status !== 'active') throw new AppError('forbidden', 'administrators only');
  }
  return {
    async listUsers(adminId, afterId, limit) {
      await requireAdmin(adminId);
      return admin.listUsers(afterId, limit);
    },
    async setStatus(adminId, userId, status) {
      await requireAdmin(adminId);
      if (userId === adminId && status === 'deactivated') throw new AppError('invalid', 'you cannot deactivate yourself');
      return admin.setStatusById(userId, status);
    },
    async createInvite(adminId, expiresInHours): Promise<Invite> {
      await requireAdmin(adminId);
      return store.invites.create({ code: newInviteCode(), createdBy: adminId, expiresAt: new Date(Date.now() + expiresInHours * 3600_000).toISOString() });
    },
    async listInvites(adminId) {
      await requireAdmin(adminId);
      return store.invites.list(200);
    },
  };
}
