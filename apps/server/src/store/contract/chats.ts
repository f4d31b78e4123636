/** Contract: chats, members and read markers (moved from the SQLite store's tests, assertions unchanged). */
import { beforeEach, describe, expect, it } from 'vitest';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

export function chatsContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  let a: number, b: number, c: number;
  beforeEach(async () => {
    [a, b, c] = (await seedUsers(store(), 3)) as [number, number, number];
  });
  const send = (chatId: number, senderId: number, content: string) =>
    store().messages.append({ chatId, senderId, content, attachment: null, clientId: null });

  describe('chats', () => {
    it('creates a chat with de-duplicated, sorted members', async () => {
      const chat = await store().chats.create('Team', [b, a, b]);
      expect(chat).toEqual({ id: chat.id, title: 'Team', member_ids: [a, b], is_group: true, admin_ids: [] });
      expect(await store().chats.byId(chat.id)).toEqual(chat);
      expect(await store().chats.memberIds(chat.id)).toEqual([a, b]);
      expect(await store().chats.isMember(chat.id, a)).toBe(true);
      expect(await store().chats.isMember(chat.id, c)).toBe(false);
      expect(await store().chats.byId(9999)).toBeNull();
    });

    it('rejects a chat naming an unknown user and leaves no half-made chat behind', async () => {
      await expect(store().chats.create(null, [a, 9999])).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().chats.chatIdsForUser(a)).toEqual([]);
    });

    it('lists my chats with the last message and unread count from read_seq, newest activity first', async () => {
      const quiet = await store().chats.create('quiet', [a, b]);
      const busy = await store().chats.create('busy', [a, b, c]);
      await send(busy.id, b, 'one');
      await send(busy.id, c, 'two');
      await send(busy.id, a, 'mine');
      await send(busy.id, b, 'three');
      await store().chats.markRead(busy.id, a, 1);

      const list = await store().chats.listForUser(a);
      expect(list.map((s) => s.title)).toEqual(['busy', 'quiet']);
      const summary = list[0]!;
      expect(summary.member_ids).toEqual([a, b, c]);
      expect(summary.last_message).toMatchObject({ seq: 4, content: 'three', sender_id: b });
      expect(summary).toMatchObject({ last_seq: 4, read_seq: 1 });
      // seq 2 and 4 from others are unread; seq 3 is a's own.
      expect(summary.unread_count).toBe(2);
      expect(list[1]).toMatchObject({ last_message: null, last_seq: 0, read_seq: 0, unread_count: 0 });

      expect((await store().chats.listForUser(c)).map((s) => s.id)).toEqual([busy.id]);
      expect(await store().chats.chatIdsForUser(a)).toEqual([quiet.id, busy.id]);
    });

    it('never moves the read marker backwards nor past the last message', async () => {
      const chat = await store().chats.create(null, [a, b]);
      for (let i = 0; i < 5; i++) await send(chat.id, b, `m${i}`);
      const readSeq = async () => (await store().chats.listForUser(a))[0]!.read_seq;
      expect(await store().chats.markRead(chat.id, a, 4)).toBe(4);
      expect(await readSeq()).toBe(4);
      // A marker that does not move answers null (nothing to announce).
      expect(await store().chats.markRead(chat.id, a, 2)).toBeNull();
      expect(await store().chats.markRead(chat.id, a, 4)).toBeNull();
      expect(await readSeq()).toBe(4);
      expect(await store().chats.markRead(chat.id, a, 99)).toBe(5);
      expect(await readSeq()).toBe(5);
      expect(await store().chats.markRead(chat.id, c, 3)).toBeNull();
      expect((await store().chats.listForUser(a))[0]!.unread_count).toBe(0);
      expect((await store().chats.listForUser(b))[0]!.read_seq).toBe(0);
    });
  });
}
