/** Contract: accounts — user administration, sessions with rotating refresh tokens, invites. */
import { describe, expect, it } from 'vitest';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

export function accountsContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  const newSession = (userId: number, refreshHash: string, extra: { deviceHash?: string; expiresAt?: string } = {}) =>
    store().sessions.create({ userId, deviceName: 'Laptop', deviceHash: extra.deviceHash ?? null, refreshHash, expiresAt: extra.expiresAt ?? at(24 * HOUR) });

  describe('users: administration', () => {
    it('creates users with a role, active by default; changes status, role, password and profile', async () => {
      const admin = await store().users.create({ email: 'root@test.local', fullName: 'Root', passwordHash: 'h', role: 'admin' });
      expect(admin).toMatchObject({ role: 'admin', status: 'active', avatar_url: null });
      const [u] = await seedUsers(store(), 1);
      expect(await store().users.setStatus(u!, 'deactivated')).toBe(true);
      expect(await store().users.setRole(u!, 'admin')).toBe(true);
      expect(await store().users.setPasswordHash(u!, 'new-hash')).toBe(true);
      expect(await store().users.updateProfile(u!, { fullName: 'Zed Renamed', avatarUrl: '/upload/files/abc.png' })).toBe(true);
      expect(await store().users.byId(u!)).toMatchObject({ status: 'deactivated', role: 'admin', password_hash: 'new-hash', full_name: 'Zed Renamed', avatar_url: '/upload/files/abc.png' });
      // The search key follows the new name.
      expect((await store().users.search('renamed', admin.id, 10)).map((r) => r.id)).toEqual([u]);
      // Leaving a field out keeps it; null clears the avatar.
      await store().users.updateProfile(u!, { avatarUrl: null });
      expect(await store().users.byId(u!)).toMatchObject({ full_name: 'Zed Renamed', avatar_url: null });
      expect(await store().users.setStatus(999, 'active')).toBe(false);
      expect(await store().users.updateProfile(999, { fullName: 'x' })).toBe(false);
    });

    it('lists users by id, paged', async () => {
      const ids = await seedUsers(store(), 3);
      expect((await store().users.list({ afterId: 0, limit: 2 })).map((u) => u.id)).toEqual(ids.slice(0, 2));
      expect((await store().users.list({ afterId: ids[1]!, limit: 2 })).map((u) => u.id)).toEqual([ids[2]]);
    });
  });

  describe('sessions', () => {
    it('rotates a current refresh token once; a reused one revokes the session', async () => {
      const [u] = await seedUsers(store(), 1);
      const s = await newSession(u!, 'hash-1');
      expect(s).toMatchObject({ user_id: u, device_name: 'Laptop', revoked_at: null });
      expect(await store().sessions.byId(s.id)).toEqual(s);
      expect(await store().sessions.withUserStatus(s.id)).toEqual({ ...s, user_status: 'active' });
      expect(await store().sessions.withUserStatus(s.id + 100)).toBeNull();
      const later = at(48 * HOUR);
      const rotated = await store().sessions.rotate('hash-1', 'hash-2', later, at(0));
      expect(rotated).toMatchObject({ outcome: 'rotated', session: { id: s.id, expires_at: later, revoked_at: null } });
      expect(await store().sessions.rotate('hash-2', 'hash-3', later, at(0))).toMatchObject({ outcome: 'rotated' });
      const reused = await store().sessions.rotate('hash-1', 'hash-x', later, at(0));
      expect(reused).toMatchObject({ outcome: 'reused', session: { id: s.id } });
      expect((await store().sessions.byId(s.id))!.revoked_at).not.toBeNull();
      // The current token of a revoked session is ended, not rotatable.
      expect(await store().sessions.rotate('hash-3', 'hash-4', later, at(0))).toEqual({ outcome: 'ended' });
      expect(await store().sessions.rotate('unknown', 'hash-5', later, at(0))).toEqual({ outcome: 'invalid' });
    });

    it('does not rotate the token of an expired session', async () => {
      const [u] = await seedUsers(store(), 1);
      await newSession(u!, 'old', { expiresAt: at(-HOUR) });
      expect(await store().sessions.rotate('old', 'new', at(HOUR), at(0))).toEqual({ outcome: 'invalid' });
    });

    it('revokes chosen sessions, or all but one, of their owner only, and lists the live ones newest first', async () => {
      const [u, v] = await seedUsers(store(), 2);
      const a = await newSession(u!, 'a');
      const b = await newSession(u!, 'b');
      const c = await newSession(u!, 'c');
      const expired = await newSession(u!, 'expired', { expiresAt: at(-HOUR) });
      const theirs = await newSession(v!, 'v');
      await store().sessions.touch(b.id, at(60_000));
      expect((await store().sessions.listActive(u!, at(0))).map((s) => s.id)).toEqual([b.id, c.id, a.id]);
      expect(await store().sessions.revoke(u!, [a.id, theirs.id], null, at(0))).toEqual([a.id]);
      expect(await store().sessions.revoke(u!, [a.id], null, at(0))).toEqual([]);
      // 'all' also marks expired, never-revoked sessions: harmless, and their ids are reported.
      expect((await store().sessions.revoke(u!, 'all', c.id, at(0))).sort((x, y) => x - y)).toEqual([b.id, expired.id]);
      expect((await store().sessions.listActive(u!, at(0))).map((s) => s.id)).toEqual([c.id]);
      expect((await store().sessions.byId(theirs.id))!.revoked_at).toBeNull();
    });

    it('moves last_seen_at forward only', async () => {
      const [u] = await seedUsers(store(), 1);
      const s = await newSession(u!, 't');
      const future = at(HOUR);
      await store().sessions.touch(s.id, future);
      await store().sessions.touch(s.id, at(0));
      expect((await store().sessions.byId(s.id))!.last_seen_at).toBe(future);
    });

    it('knows the devices that signed in to an account', async () => {
      const [u, v] = await seedUsers(store(), 2);
      await newSession(u!, 'd', { deviceHash: 'device-1' });
      expect(await store().sessions.knownDevice(u!, 'device-1')).toBe(true);
      expect(await store().sessions.knownDevice(v!, 'device-1')).toBe(false);
      expect(await store().sessions.knownDevice(u!, 'device-2')).toBe(false);
    });
  });

  describe('invites', () => {
    it('a registration consumes a live invite once; used, expired or unknown codes create nobody', async () => {
      const [admin] = await seedUsers(store(), 1);
      const live = await store().invites.create({ code: 'live-code', createdBy: admin!, expiresAt: at(HOUR) });
      await store().invites.create({ code: 'old-code', createdBy: admin!, expiresAt: at(-HOUR) });
      const user = await store().users.create({ email: 'new@test.local', fullName: 'New', passwordHash: 'h', inviteCode: 'live-code' });
      const forbidden = { name: 'AppError', code: 'forbidden' };
      await expect(store().users.create({ email: 'two@test.local', fullName: 'Two', passwordHash: 'h', inviteCode: 'live-code' })).rejects.toMatchObject(forbidden);
      await expect(store().users.create({ email: 'three@test.local', fullName: 'Three', passwordHash: 'h', inviteCode: 'old-code' })).rejects.toMatchObject(forbidden);
      await expect(store().users.create({ email: 'four@test.local', fullName: 'Four', passwordHash: 'h', inviteCode: 'nope' })).rejects.toMatchObject(forbidden);
      for (const email of ['two@test.local', 'three@test.local', 'four@test.local']) expect(await store().users.byEmail(email)).toBeNull();
      const list = await store().invites.list(10);
      expect(list.map((i) => i.code)).toEqual(['old-code', 'live-code']);
      expect(list[1]).toMatchObject({ id: live.id, used_by: user.id, used_at: expect.any(String), created_by: admin });
    });
  });
}
