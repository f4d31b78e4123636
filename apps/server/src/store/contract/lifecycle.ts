/** Contract: durability across reopen, and close (moved from the SQLite store's lifecycle tests, assertions unchanged). */
import { describe, expect, it } from 'vitest';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

export function lifecycleContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);

  describe('store lifecycle', () => {
    it('keeps committed data across close and reopen', async () => {
      const first = store();
      const [a, b] = await seedUsers(first, 2);
      const chat = await first.chats.create('kept', [a!, b!]);
      await first.messages.append({ chatId: chat.id, senderId: a!, content: 'still here', attachment: null, clientId: 'k1' });
      await first.chats.markRead(chat.id, b!, 1);
      await first.close();

      const reopened = await harness.reopen();
      try {
        expect((await reopened.users.byId(a!))?.email).toBe('u1@test.local');
        const [summary] = await reopened.chats.listForUser(b!);
        expect(summary).toMatchObject({ title: 'kept', last_seq: 1, read_seq: 1, last_message: { content: 'still here' } });
        const again = await reopened.messages.append({ chatId: chat.id, senderId: a!, content: 'dup', attachment: null, clientId: 'k1' });
        expect(again).toMatchObject({ created: false, message: { seq: 1 } });
      } finally {
        await reopened.close();
      }
    });

    it('answers every write sent before close, then refuses new ones; close is idempotent', async () => {
      const open = store();
      expect(open.health()).toEqual({ ok: true });
      const [a] = await seedUsers(open, 1);
      const chat = await open.chats.create(null, [a!]);
      const inFlight = Array.from({ length: 300 }, (_, i) =>
        open.messages.append({ chatId: chat.id, senderId: a!, content: `m${i}`, attachment: null, clientId: null }),
      );
      const closed = open.close();
      expect(open.close()).toBe(closed);
      const results = await Promise.all(inFlight);
      await closed;
      expect(results.map((r) => r.message.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      await expect(open.users.create({ email: 'late@x.org', fullName: 'Late', passwordHash: 'x' })).rejects.toThrow('store is closed');
      expect(open.health()).toEqual({ ok: false, reason: 'store is closed' });
    });
  });
}
