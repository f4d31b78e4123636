/** Contract: the chat event log — edits, tombstones, reactions, membership, 1:1 pairs, replay. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatEventChange } from '../types.js';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

const DAY = 24 * 3600 * 1000;

export function chatEventsContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  let a: number, b: number, c: number;
  beforeEach(async () => {
    [a, b, c] = (await seedUsers(store(), 3)) as [number, number, number];
  });
  const send = (chatId: number, senderId: number, content: string, attachment: string | null = null) =>
    store().messages.append({ chatId, senderId, content, attachment, clientId: null });
  const change = (chatId: number, actorId: number, ch: ChatEventChange) => store().messages.appendEvent({ chatId, actorId, change: ch });

  describe('1:1 chats', () => {
    it('are unique per pair, also when both users open them at once', async () => {
      const results = await Promise.all([store().chats.openPair(a, b), store().chats.openPair(b, a), store().chats.openPair(a, b)]);
      expect(new Set(results.map((r) => r.chat.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results[0]!.chat).toMatchObject({ member_ids: [a, b], is_group: false, admin_ids: [], title: null });
      const other = await store().chats.openPair(a, c);
      expect(other.chat.id).not.toBe(results[0]!.chat.id);
    });
  });

  describe('message events', () => {
    it('edits take the next seq, change the message and replay in order', async () => {
      const chat = await store().chats.create(null, [a, b]);
      const m = await send(chat.id, a, 'helo');
      const { event } = await change(chat.id, a, { type: 'message_edited', targetSeq: m.message.seq, content: 'hello', editWindowMs: DAY });
      expect(event).toMatchObject({ type: 'message_edited', chat_id: chat.id, seq: 2, actor_id: a, target_seq: 1, content: 'hello' });
      const [listed] = await store().messages.list(chat.id, { limit: 10 });
      expect(listed).toMatchObject({ seq: 1, content: 'hello', edited_at: expect.any(String), deleted: false, reactions: [] });
      const events = await store().messages.events(chat.id, 0, 10);
      expect(events.map((e) => [e.type, e.seq])).toEqual([['new_message', 1], ['message_edited', 2]]);
      // A replayed message carries its current text; the edit event follows it anyway.
      expect(events[0]).toMatchObject({ content: 'hello', actor_id: a, sender_id: a, reply_to_seq: null });
    });

    it('only the author edits, within the window; deleted and unknown targets are refused', async () => {
      const chat = await store().chats.create('g', [a, b], a);
      const m = await send(chat.id, b, 'bens');
      await expect(change(chat.id, a, { type: 'message_edited', targetSeq: m.message.seq, content: 'x', editWindowMs: DAY })).rejects.toMatchObject({ code: 'forbidden' });
      // Once the message is older than a 1 ms window, its author can no longer edit it.
      while (Date.now() <= Date.parse(m.message.timestamp) + 1) await new Promise((resolve) => setTimeout(resolve, 2));
      await expect(change(chat.id, b, { type: 'message_edited', targetSeq: m.message.seq, content: 'x', editWindowMs: 1 })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(change(chat.id, b, { type: 'message_edited', targetSeq: 99, content: 'x', editWindowMs: DAY })).rejects.toMatchObject({ code: 'not_found', details: { reason: 'unknown_target' } });
      await expect(change(chat.id, c, { type: 'message_deleted', targetSeq: m.message.seq })).rejects.toMatchObject({ code: 'forbidden' });
      // A group admin may delete someone else's message.
      await change(chat.id, a, { type: 'message_deleted', targetSeq: m.message.seq });
      await expect(change(chat.id, b, { type: 'message_edited', targetSeq: m.message.seq, content: 'x', editWindowMs: 0 })).rejects.toMatchObject({ code: 'invalid' });
      await expect(change(chat.id, b, { type: 'message_deleted', targetSeq: m.message.seq })).rejects.toMatchObject({ code: 'invalid' });
      // An event's seq is not a message.
      await expect(change(chat.id, b, { type: 'reaction_added', targetSeq: 2, reaction: 'x', maxReactions: 5 })).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().chats.memberIds(chat.id)).toEqual([a, b]);
    });

    it('a deletion leaves a tombstone and removes the text of the message and of its edits', async () => {
      const chat = await store().chats.create(null, [a, b]);
      const m = await send(chat.id, a, 'secret one');
      await change(chat.id, a, { type: 'message_edited', targetSeq: 1, content: 'secret two', editWindowMs: 0 });
      await change(chat.id, b, { type: 'reaction_added', targetSeq: 1, reaction: '👍', maxReactions: 5 });
      const { event } = await change(chat.id, a, { type: 'message_deleted', targetSeq: m.message.seq });
      expect(event).toMatchObject({ type: 'message_deleted', seq: 4, target_seq: 1 });
      const [listed] = await store().messages.list(chat.id, { limit: 10 });
      expect(listed).toMatchObject({ content: '', attachment: null, deleted: true, reactions: [] });
      const events = await store().messages.events(chat.id, 0, 10);
      expect(JSON.stringify(events)).not.toContain('secret');
      expect(events.map((e) => e.type)).toEqual(['new_message', 'message_edited', 'reaction_added', 'message_deleted']);
    });

    it('reactions are idempotent per user and limited in variety', async () => {
      const chat = await store().chats.create(null, [a, b]);
      await send(chat.id, a, 'react to me');
      expect((await change(chat.id, b, { type: 'reaction_added', targetSeq: 1, reaction: '👍', maxReactions: 2 })).event).toMatchObject({ type: 'reaction_added', reaction: '👍', seq: 2 });
      expect((await change(chat.id, b, { type: 'reaction_added', targetSeq: 1, reaction: '👍', maxReactions: 2 })).event).toBeNull();
      await change(chat.id, a, { type: 'reaction_added', targetSeq: 1, reaction: '👍', maxReactions: 2 });
      await change(chat.id, a, { type: 'reaction_added', targetSeq: 1, reaction: 'ok', maxReactions: 2 });
      await expect(change(chat.id, a, { type: 'reaction_added', targetSeq: 1, reaction: 'third', maxReactions: 2 })).rejects.toMatchObject({ code: 'invalid' });
      const [listed] = await store().messages.list(chat.id, { limit: 10 });
      expect(listed!.reactions).toEqual([{ reaction: '👍', user_ids: [b, a] }, { reaction: 'ok', user_ids: [a] }]);
      expect((await change(chat.id, c, { type: 'reaction_removed', targetSeq: 1, reaction: 'ok' }).catch((e: unknown) => e))).toMatchObject({ code: 'forbidden' });
      expect((await change(chat.id, b, { type: 'reaction_removed', targetSeq: 1, reaction: 'ok' })).event).toBeNull();
      expect((await change(chat.id, a, { type: 'reaction_removed', targetSeq: 1, reaction: 'ok' })).event).toMatchObject({ type: 'reaction_removed', seq: 5 });
      expect(await store().messages.lastSeq(chat.id)).toBe(5);
    });

    it('unread counts only others\' messages that still exist, not events', async () => {
      const chat = await store().chats.create(null, [a, b]);
      await send(chat.id, b, 'one');
      await send(chat.id, b, 'two');
      await change(chat.id, a, { type: 'reaction_added', targetSeq: 1, reaction: 'x', maxReactions: 5 });
      await change(chat.id, b, { type: 'message_deleted', targetSeq: 2 });
      const [summary] = await store().chats.listForUser(a);
      expect(summary).toMatchObject({ unread_count: 1, last_seq: 4, last_message: { seq: 2, deleted: true } });
    });
  });

  describe('membership', () => {
    it('admins add and remove members, anyone leaves, each an event with the members after it', async () => {
      const chat = await store().chats.create('team', [a, b], a);
      expect(chat).toMatchObject({ is_group: true, admin_ids: [a] });
      await send(chat.id, a, 'before c');
      await expect(change(chat.id, b, { type: 'member_added', userId: c, maxMembers: 10 })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(change(chat.id, a, { type: 'member_added', userId: c, maxMembers: 2 })).rejects.toMatchObject({ code: 'invalid' });
      expect((await change(chat.id, a, { type: 'member_added', userId: c, maxMembers: 10 })).event).toMatchObject({ type: 'member_added', user_id: c, member_ids: [a, b, c], seq: 2 });
      // A new member starts with what came before counted as read.
      expect((await store().chats.listForUser(c))[0]).toMatchObject({ read_seq: 1, unread_count: 0 });
      await expect(change(chat.id, a, { type: 'member_added', userId: c, maxMembers: 10 })).rejects.toMatchObject({ code: 'invalid' });
      expect((await change(chat.id, a, { type: 'member_removed', userId: b })).event).toMatchObject({ type: 'member_removed', user_id: b, member_ids: [a, c] });
      expect(await store().chats.isMember(chat.id, b)).toBe(false);
      await expect(change(chat.id, b, { type: 'member_left' })).rejects.toMatchObject({ code: 'forbidden' });
      expect((await change(chat.id, c, { type: 'member_left' })).event).toMatchObject({ type: 'member_left', user_id: c, actor_id: c, member_ids: [a] });
      expect((await change(chat.id, a, { type: 'chat_renamed', title: 'renamed' })).event).toMatchObject({ type: 'chat_renamed', title: 'renamed' });
      expect(await store().chats.detail(chat.id)).toMatchObject({ title: 'renamed', member_ids: [a], admin_ids: [a], reads: [{ user_id: a, seq: 0 }] });
      expect((await store().messages.events(chat.id, 1, 10)).map((e) => e.type)).toEqual(['member_added', 'member_removed', 'member_left', 'chat_renamed']);
    });

    it('a group that loses its last admin promotes the remaining member with the lowest id', async () => {
      const chat = await store().chats.create('team', [a, b, c], c);
      const left = await change(chat.id, c, { type: 'member_left' });
      expect(left.event).toMatchObject({ type: 'member_left', member_ids: [a, b], admin_ids: [a] });
      expect(await store().chats.byId(chat.id)).toMatchObject({ admin_ids: [a] });
      expect((await change(chat.id, a, { type: 'member_removed', userId: b })).event).toMatchObject({ member_ids: [a], admin_ids: [a] });
      expect((await change(chat.id, a, { type: 'member_left' })).event).toMatchObject({ member_ids: [], admin_ids: [] });
    });

    it('1:1 chats have no membership changes or title', async () => {
      const { chat } = await store().chats.openPair(a, b);
      await expect(change(chat.id, a, { type: 'member_left' })).rejects.toMatchObject({ code: 'invalid' });
      await expect(change(chat.id, a, { type: 'chat_renamed', title: 'x' })).rejects.toMatchObject({ code: 'invalid' });
      await expect(change(chat.id, a, { type: 'member_added', userId: c, maxMembers: 10 })).rejects.toMatchObject({ code: 'invalid' });
      await expect(change(9999, a, { type: 'member_left' })).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
