/** Contract: uploaded files, blocks and deleting connections (issue 12). */
import { beforeEach, describe, expect, it } from 'vitest';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

export function uploadsBlocksContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  let a: number, b: number, c: number;
  beforeEach(async () => {
    [a, b, c] = (await seedUsers(store(), 3)) as [number, number, number];
  });

  describe('uploads', () => {
    const file = (name: string, owner: number, size: number) => ({ name, owner_id: owner, original_name: `orig ${name}`, size, content_type: 'text/plain' });

    it('keeps owner, original name and size, sums usage per owner and in total', async () => {
      const row = await store().uploads.create(file('aaaaaaaaaaaaaaaaaaaaaaaa.txt', a, 100));
      expect(row).toMatchObject({ name: 'aaaaaaaaaaaaaaaaaaaaaaaa.txt', owner_id: a, original_name: 'orig aaaaaaaaaaaaaaaaaaaaaaaa.txt', size: 100, attached_at: null });
      expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      await store().uploads.create(file('bbbbbbbbbbbbbbbbbbbbbbbb.txt', a, 50));
      await store().uploads.create(file('cccccccccccccccccccccccc.txt', b, 7));
      expect(await store().uploads.usage(a)).toEqual({ user: 150, total: 157 });
      expect(await store().uploads.usage(c)).toEqual({ user: 0, total: 157 });
      expect(await store().uploads.byName('bbbbbbbbbbbbbbbbbbbbbbbb.txt')).toMatchObject({ owner_id: a, size: 50 });
      await store().uploads.remove('bbbbbbbbbbbbbbbbbbbbbbbb.txt');
      expect(await store().uploads.byName('bbbbbbbbbbbbbbbbbbbbbbbb.txt')).toBeNull();
      expect(await store().uploads.usage(a)).toEqual({ user: 100, total: 107 });
    });

    it('lists unattached files older than a cutoff, and knows which chat members may see a file', async () => {
      await store().uploads.create(file('dddddddddddddddddddddddd.txt', a, 1));
      await store().uploads.create(file('eeeeeeeeeeeeeeeeeeeeeeee.txt', a, 1));
      await store().uploads.markAttached('eeeeeeeeeeeeeeeeeeeeeeee.txt');
      const future = new Date(Date.now() + 60_000).toISOString();
      expect((await store().uploads.unattachedBefore(future, 10)).map((u) => u.name)).toEqual(['dddddddddddddddddddddddd.txt']);
      expect(await store().uploads.unattachedBefore(new Date(Date.now() - 60_000).toISOString(), 10)).toEqual([]);

      const chat = await store().chats.create('t', [a, b]);
      const url = '/upload/files/eeeeeeeeeeeeeeeeeeeeeeee.txt';
      await store().messages.append({ chatId: chat.id, senderId: a, content: 'see', attachment: url, clientId: null });
      expect(await store().uploads.visibleTo(url, b)).toBe(true);
      expect(await store().uploads.visibleTo(url, c)).toBe(false);
      expect(await store().uploads.visibleTo('/upload/files/dddddddddddddddddddddddd.txt', b)).toBe(false);
    });
  });

  describe('blocks and removing connections', () => {
    it('blocks one way, removing the connection between the two in the same step', async () => {
      const { connection } = await store().connections.create(a, b);
      await store().connections.accept(connection.id);
      const first = await store().blocks.add(b, a);
      expect(first).toEqual({ created: true, removedConnection: { ...connection, status: 'accepted' } });
      expect(await store().connections.areConnected(a, b)).toBe(false);
      expect(await store().blocks.add(b, a)).toEqual({ created: false, removedConnection: null });
      expect(await store().blocks.between(a, b)).toBe(true);
      expect(await store().blocks.between(a, c)).toBe(false);
      expect((await store().blocks.list(b)).map((r) => r.blocked.id)).toEqual([a]);
      expect(await store().blocks.list(a)).toEqual([]);
      expect(await store().blocks.involving(a)).toEqual([b]);
      expect(await store().blocks.remove(b, a)).toBe(true);
      expect(await store().blocks.remove(b, a)).toBe(false);
      expect(await store().blocks.between(a, b)).toBe(false);
    });

    it('deletes a connection row by id, once', async () => {
      const { connection } = await store().connections.create(a, c);
      expect(await store().connections.remove(connection.id)).toEqual(connection);
      expect(await store().connections.remove(connection.id)).toBeNull();
      expect(await store().connections.byId(connection.id)).toBeNull();
      // The pair may ask again afterwards.
      expect((await store().connections.create(c, a)).created).toBe(true);
    });
  });
}
