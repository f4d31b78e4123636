/** Contract: message append and list (moved from the SQLite store's tests, assertions unchanged). */
import { beforeEach, describe, expect, it } from 'vitest';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function messagesContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  let users: number[];
  beforeEach(async () => {
    users = await seedUsers(store(), 3);
  });
  const send = (chatId: number, senderId: number, content: string, clientId: string | null = null) =>
    store().messages.append({ chatId, senderId, content, attachment: null, clientId });

  describe('message append', () => {
    it('gives every chat contiguous seqs 1..n under 2,000 concurrent appends', async () => {
      const chats = await Promise.all([0, 1, 2, 3].map(() => store().chats.create(null, users)));
      const total = 2000;
      const results = await Promise.all(
        Array.from({ length: total }, (_, i) => send(chats[i % chats.length]!.id, users[i % users.length]!, `m${i}`)),
      );
      expect(results.every((r) => r.created)).toBe(true);
      for (const chat of chats) {
        const seqs = results.filter((r) => r.message.chat_id === chat.id).map((r) => r.message.seq).sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: total / chats.length }, (_, i) => i + 1));
        expect(await store().messages.lastSeq(chat.id)).toBe(total / chats.length);
        const stored = await store().messages.list(chat.id, { afterSeq: 0, limit: 1000 });
        expect(stored.map((m) => m.seq)).toEqual(seqs);
      }
    });

    it('returns the original message for a repeated (sender, client_id) and stores nothing new', async () => {
      const chat = await store().chats.create(null, users);
      const first = await send(chat.id, users[0]!, 'hello', 'c-1');
      const again = await send(chat.id, users[0]!, 'hello, edited resend', 'c-1');
      expect(first.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.message).toEqual(first.message);
      expect(first.message.timestamp).toMatch(ISO_MS);
      expect(first.message.client_id).toBe('c-1');
      expect(await store().messages.lastSeq(chat.id)).toBe(1);
    });

    it('treats the same client_id from another sender as a different message', async () => {
      const chat = await store().chats.create(null, users);
      const a = await send(chat.id, users[0]!, 'from a', 'same');
      const b = await send(chat.id, users[1]!, 'from b', 'same');
      expect(b.created).toBe(true);
      expect(b.message.id).not.toBe(a.message.id);
      expect(b.message.seq).toBe(2);
    });

    it('stays idempotent when the duplicates arrive in the same batch', async () => {
      const chat = await store().chats.create(null, users);
      const results = await Promise.all(Array.from({ length: 50 }, () => send(chat.id, users[0]!, 'once', 'dup')));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect(await store().messages.lastSeq(chat.id)).toBe(1);
    });

    it('keeps the attachment with its name and size everywhere it is read, and rejects an unknown chat with not_found', async () => {
      const chat = await store().chats.create(null, users);
      const attached = { attachment: '/upload/files/abc.png', attachmentName: 'Holiday – day 1.png', attachmentSize: 2048 };
      const { message } = await store().messages.append({ chatId: chat.id, senderId: users[0]!, content: '', ...attached, clientId: 'with-file' });
      const meta = { attachment: '/upload/files/abc.png', attachment_name: 'Holiday – day 1.png', attachment_size: 2048 };
      expect(message).toMatchObject(meta);
      // A resend returns the stored row, name included.
      expect((await store().messages.append({ chatId: chat.id, senderId: users[0]!, content: '', ...attached, clientId: 'with-file' })).message).toMatchObject(meta);
      expect(await store().messages.list(chat.id, { limit: 10 })).toMatchObject([meta]);
      expect(await store().messages.events(chat.id, 0, 10)).toMatchObject([{ type: 'new_message', ...meta }]);
      expect(await store().messages.messageAt(chat.id, message.seq)).toMatchObject(meta);
      const plain = await send(chat.id, users[0]!, 'no file');
      expect(plain.message).toMatchObject({ attachment: null, attachment_name: null, attachment_size: null });
      await expect(send(9999, users[0]!, 'x')).rejects.toMatchObject({ name: 'AppError', code: 'not_found' });
    });
  });

  describe('message list', () => {
    it('pages forward, backward and between cursors, always ascending', async () => {
      const chat = await store().chats.create(null, users);
      for (let i = 1; i <= 10; i++) await send(chat.id, users[0]!, `m${i}`);
      const seqs = async (opts: { afterSeq?: number; beforeSeq?: number; limit: number }) =>
        (await store().messages.list(chat.id, opts)).map((m) => m.seq);
      expect(await seqs({ afterSeq: 3, limit: 4 })).toEqual([4, 5, 6, 7]);
      expect(await seqs({ beforeSeq: 8, limit: 3 })).toEqual([5, 6, 7]);
      expect(await seqs({ afterSeq: 2, beforeSeq: 6, limit: 10 })).toEqual([3, 4, 5]);
      expect(await seqs({ limit: 2 })).toEqual([9, 10]);
      expect(await seqs({ afterSeq: 10, limit: 5 })).toEqual([]);
      expect(await seqs({ beforeSeq: 1, limit: 5 })).toEqual([]);
    });

    it('does not mix chats', async () => {
      const [a, b] = await Promise.all([store().chats.create(null, users), store().chats.create(null, users)]);
      await send(a!.id, users[0]!, 'in a');
      await send(b!.id, users[0]!, 'in b');
      const inA = await store().messages.list(a!.id, { afterSeq: 0, limit: 10 });
      expect(inA.map((m) => m.content)).toEqual(['in a']);
    });
  });
}
