/** Contract: connections (moved from the SQLite store's tests). */
import { beforeEach, describe, expect, it } from 'vitest';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

export function connectionsContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  let a: number, b: number, c: number;
  beforeEach(async () => {
    [a, b, c] = (await seedUsers(store(), 3)) as [number, number, number];
  });

  describe('connections', () => {
    it('keeps one row per pair whichever side asks, also when both ask at once', async () => {
      const [ab, ba] = await Promise.all([store().connections.create(a, b), store().connections.create(b, a)]);
      // With a pool of connections (PostgreSQL) either request may reach the database
      // first; whichever did is the one created, and the other returns its row.
      const [winner, loser] = ab.created ? [ab, ba] : [ba, ab];
      expect(winner.created).toBe(true);
      expect(loser.created).toBe(false);
      expect(loser.connection).toEqual(winner.connection);
      const [from, to] = winner === ab ? [a, b] : [b, a];
      expect(winner.connection).toMatchObject({ from_user_id: from, to_user_id: to, status: 'pending' });
      const again = await store().connections.create(a, b);
      expect(again).toEqual({ connection: winner.connection, created: false });
    });

    it('lists pending requests addressed to me with the requester name, and accepts them', async () => {
      const { connection } = await store().connections.create(a, b);
      await store().connections.create(c, b);
      const pending = await store().connections.listPendingTo(b);
      expect(pending.map((p) => [p.from_user_id, p.from_user_name])).toEqual([[a, 'User 1'], [c, 'User 3']]);
      expect(await store().connections.listPendingTo(a)).toEqual([]);
      expect(await store().connections.areConnected(a, b)).toBe(false);

      const accepted = await store().connections.accept(connection.id);
      expect(accepted).toEqual({ ...connection, status: 'accepted' });
      expect(await store().connections.byId(connection.id)).toEqual(accepted);
      expect(await store().connections.areConnected(b, a)).toBe(true);
      expect(await store().connections.areConnected(a, c)).toBe(false);
      expect(await store().connections.listPendingTo(b)).toHaveLength(1);
    });

    it('lists accepted peers from both directions', async () => {
      const ab = await store().connections.create(a, b);
      const ca = await store().connections.create(c, a);
      await store().connections.accept(ab.connection.id);
      await store().connections.accept(ca.connection.id);
      const peers = await store().connections.listAccepted(a);
      expect(peers.map((p) => [p.connectionId, p.peer.id])).toEqual([[ab.connection.id, b], [ca.connection.id, c]]);
      expect((await store().connections.acceptedPeerIds(a)).sort()).toEqual([b, c].sort());
      expect(await store().connections.acceptedPeerIds(b)).toEqual([a]);
    });

    it('answers not_found for an unknown connection and null for a missing lookup', async () => {
      await expect(store().connections.accept(12345)).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().connections.byId(12345)).toBeNull();
    });

    it('refuses a connection to oneself (a bug in the caller, so not a domain error)', async () => {
      // SQLite says "CHECK constraint failed", PostgreSQL "violates check constraint".
      await expect(store().connections.create(a, a)).rejects.toThrow(/check constraint/i);
    });
  });
}
