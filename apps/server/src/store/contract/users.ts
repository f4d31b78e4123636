/** Contract: users (moved from the SQLite store's tests, assertions unchanged). */
import { describe, expect, it } from 'vitest';
import { useEmptyStore, type StoreHarness } from './harness.js';

export function usersContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  const create = (email: string, fullName: string) => store().users.create({ email, fullName, passwordHash: 'argon2-hash' });

  describe('users', () => {
    it('creates and finds a user by id and by email in any case', async () => {
      const ann = await create('ann@example.org', 'Ann Lee');
      expect(ann).toMatchObject({ email: 'ann@example.org', full_name: 'Ann Lee', password_hash: 'argon2-hash' });
      expect(ann.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(await store().users.byId(ann.id)).toEqual(ann);
      expect(await store().users.byEmail('ANN@Example.org')).toEqual(ann);
      expect(await store().users.byEmail('nobody@example.org')).toBeNull();
      expect(await store().users.byId(ann.id + 100)).toBeNull();
    });

    it('refuses a taken email regardless of case with AppError conflict', async () => {
      await create('ann@example.org', 'Ann');
      await expect(create('Ann@Example.ORG', 'Impostor')).rejects.toMatchObject({
        name: 'AppError',
        code: 'conflict',
        status: 409,
        message: 'email already registered',
      });
    });

    it('returns several users by id, skipping unknown ids', async () => {
      const [a, b] = [await create('a@x.org', 'A'), await create('b@x.org', 'B')];
      expect((await store().users.byIds([b.id, 999, a.id])).map((u) => u.id)).toEqual([a.id, b.id]);
      expect(await store().users.byIds([])).toEqual([]);
    });

    it('searches display names (never emails) case-insensitively (Unicode too) and leaves out the viewer', async () => {
      const viewer = await create('maria@x.org', 'María Ortega');
      const other = await create('mario@x.org', 'MARIO Rossi');
      const emilie = await create('emilie@x.org', 'ÉMILIE Dubois');
      await create('zed@x.org', 'Zed');
      const names = async (q: string) => (await store().users.search(q, viewer.id, 10)).map((u) => u.full_name);
      expect(await names('mari')).toEqual(['MARIO Rossi']);
      expect(await names('ROSSI')).toEqual(['MARIO Rossi']);
      expect(await names('émilie')).toEqual(['ÉMILIE Dubois']);
      expect(await names('zed')).toEqual(['Zed']);
      expect(await names('ZED@X')).toEqual([]);
      expect(await names('x.org')).toEqual([]);
      expect(await names('nobody')).toEqual([]);
      expect((await store().users.search('o', viewer.id, 2)).length).toBe(2);
      expect((await store().users.search('maría', other.id, 10)).map((u) => u.id)).toEqual([viewer.id]);
      expect(emilie.id).toBeGreaterThan(0);
    });
  });
}
