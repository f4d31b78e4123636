import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent, Message } from '@parley/protocol';
import { openStore, type Store } from './store.js';

const ME = 1;
const PEER = 2;
const at = (seq: number) => new Date(seq * 1000).toISOString();
const base = (chat_id: number, seq: number, actor_id = PEER) => ({ chat_id, seq, actor_id, timestamp: at(seq) });
const sent = (chat_id: number, seq: number, content = `m${seq}`, sender_id = PEER): ChatEvent => ({
  type: 'new_message',
  ...base(chat_id, seq, sender_id),
  message_id: chat_id * 1000 + seq,
  sender_id,
  content,
  attachment: null,
  reply_to_seq: null,
});
const edited = (chat_id: number, seq: number, target_seq: number, content: string): ChatEvent => ({
  type: 'message_edited',
  ...base(chat_id, seq),
  target_seq,
  content,
  edited_at: at(seq),
});
const deleted = (chat_id: number, seq: number, target_seq: number): ChatEvent => ({ type: 'message_deleted', ...base(chat_id, seq), target_seq });
const reacted = (chat_id: number, seq: number, target_seq: number, reaction: string, actor = PEER, remove = false): ChatEvent => ({
  type: remove ? 'reaction_removed' : 'reaction_added',
  ...base(chat_id, seq, actor),
  target_seq,
  reaction,
});
const restRow = (chat_id: number, seq: number, extra: Partial<Message> = {}): Message => ({
  id: chat_id * 1000 + seq,
  chat_id,
  seq,
  sender_id: PEER,
  content: `m${seq}`,
  attachment: null,
  timestamp: at(seq),
  reply_to_seq: null,
  edited_at: null,
  deleted: false,
  reactions: [],
  ...extra,
});
const group = (id: number) => ({ id, title: 'Team', member_ids: [ME, PEER, 3], is_group: true, admin_ids: [PEER], reads: [], last_seq: 0, read_seq: 0, unread_count: 0, last_message: null });

describe('chat event log in the cache', () => {
  let dir: string;
  let file: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-log-'));
    file = join(dir, 'cache.db');
    store = openStore(file);
    store.upsertChats([group(5)]);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies an edit once, reports the changed row, and moves the cursor across event seqs', () => {
    store.applyEvents(ME, [sent(5, 1), sent(5, 2)]);
    const first = store.applyEvents(ME, [edited(5, 3, 1, 'fixed'), reacted(5, 4, 2, '👍')]);
    expect(first.updated.map((m) => [m.seq, m.content, m.edited_at, m.reactions])).toEqual([
      [1, 'fixed', at(3), []],
      [2, 'm2', null, [{ reaction: '👍', user_ids: [PEER] }]],
    ]);
    expect(store.cursors()).toEqual([{ chatId: 5, seq: 4 }]);
    // The same seqs replayed (resume after a reconnect): nothing changes, nothing reported.
    const replay = store.applyEvents(ME, [sent(5, 1), edited(5, 3, 1, 'fixed'), reacted(5, 4, 2, '👍')]);
    expect(replay.updated).toEqual([]);
    expect(replay.inserted).toEqual([]);
    expect(store.message(5, 2)?.reactions).toEqual([{ reaction: '👍', user_ids: [PEER] }]);
  });

  it('an older edit arriving after a newer one loses; an event before its message waits for it', () => {
    store.applyEvents(ME, [sent(5, 1), edited(5, 3, 1, 'second')]);
    store.applyEvents(ME, [edited(5, 2, 1, 'first')]);
    expect(store.message(5, 1)?.content).toBe('second');
    // seq 10 edits message 9, which the cache has not seen yet (a hole): kept, applied on arrival.
    const early = store.applyEvents(ME, [edited(5, 10, 9, 'later text'), reacted(5, 11, 9, '🎉', 3)]);
    expect(early.updated).toEqual([]);
    expect(early.holes).toEqual([{ chatId: 5, afterSeq: 3 }]);
    const filled = store.applyEvents(ME, [4, 5, 6, 7, 8, 9].map((seq) => sent(5, seq)));
    expect(filled.inserted.find((m) => m.seq === 9)).toMatchObject({ content: 'later text', reactions: [{ reaction: '🎉', user_ids: [3] }] });
    expect(store.cursors()).toEqual([{ chatId: 5, seq: 11 }]);
  });

  it('a tombstone removes text, attachment, reactions and recorded edits from the cache file', () => {
    store.applyEvents(ME, [sent(5, 1, 'secret plan alpha'), edited(5, 2, 1, 'secret plan bravo'), reacted(5, 3, 1, '👀')]);
    const result = store.applyEvents(ME, [deleted(5, 4, 1)]);
    expect(result.updated).toEqual([expect.objectContaining({ seq: 1, deleted: true, content: '', attachment: null, reactions: [] })]);
    // Edits or reactions replayed after the tombstone do not bring anything back.
    store.applyEvents(ME, [edited(5, 5, 1, 'secret plan charlie'), reacted(5, 6, 1, '👀')]);
    expect(store.message(5, 1)).toMatchObject({ deleted: true, content: '', reactions: [] });
    store.close();
    for (const f of [file, `${file}-wal`]) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f).toString('latin1');
      expect(bytes).not.toContain('secret plan alpha');
      expect(bytes).not.toContain('secret plan bravo');
    }
    store = openStore(file);
    expect(store.message(5, 1)?.deleted).toBe(true);
  });

  it('membership events update members and admins, and end the chat for a removed me', () => {
    store.applyEvents(ME, [sent(5, 1)]);
    store.applyEvents(ME, [{ type: 'chat_renamed', ...base(5, 2), title: 'Renamed' }]);
    store.applyEvents(ME, [{ type: 'member_removed', ...base(5, 3), user_id: 3, member_ids: [ME, PEER] }]);
    expect(store.chatViews(ME, {}, [5])[0]).toMatchObject({ title: 'Renamed', member_ids: [ME, PEER], ended: null, is_group: true, admin_ids: [PEER] });
    const removed = store.applyEvents(ME, [{ type: 'member_removed', ...base(5, 4), user_id: ME, member_ids: [PEER] }]);
    expect(removed.changedChats).toEqual([5]);
    expect(store.chatViews(ME, {}, [5])[0]).toMatchObject({ ended: 'removed', member_ids: [PEER] });
    // No longer resumed, but the history stays.
    expect(store.cursors()).toEqual([]);
    expect(store.listMessages(ME, 5, undefined, 50).messages.map((m) => m.seq)).toEqual([1]);
    // Listed by GET /chats again (added back): a member once more.
    store.upsertChats([{ ...group(5), member_ids: [ME, PEER], last_seq: 5 }]);
    expect(store.chatViews(ME, {}, [5])[0]?.ended).toBeNull();
  });

  it('read positions: members for seen ticks, mine from another device clears unread', () => {
    store.applyEvents(ME, [sent(5, 1), sent(5, 2)]);
    expect(store.chatViews(ME, {}, [5])[0]?.unread_count).toBe(2);
    store.applyRead(ME, { chat_id: 5, user_id: PEER, seq: 2 });
    store.applyRead(ME, { chat_id: 5, user_id: PEER, seq: 1 });
    store.applyRead(ME, { chat_id: 5, user_id: ME, seq: 2 });
    expect(store.chatViews(ME, {}, [5])[0]).toMatchObject({ unread_count: 0, read_seq: 2, reads: [{ user_id: ME, seq: 2 }, { user_id: PEER, seq: 2 }] });
    // Already acknowledged by the server: nothing to send.
    expect(store.readsToSend()).toEqual([]);
  });

  it('a REST history page below the cursor records its event seqs, so it is complete, and keeps its rows as they are now', () => {
    // Read up to 210 elsewhere: the cache starts 200 back, at seq 10.
    store.upsertChats([{ ...group(6), last_seq: 210, read_seq: 210 }]);
    store.applyEvents(ME, Array.from({ length: 200 }, (_, i) => sent(6, 11 + i)));
    expect(store.cursors().find((c) => c.chatId === 6)).toEqual({ chatId: 6, seq: 210 });
    expect(store.listMessages(ME, 6, 11, 50).complete).toBe(false);
    // Seqs 2 and 4 were events (an edit of 1 and a reaction on 3), already reflected in the rows.
    const rows = [restRow(6, 1, { content: 'edited', edited_at: at(2) }), restRow(6, 3, { reactions: [{ reaction: '👍', user_ids: [PEER] }] }), ...[5, 6, 7, 8, 9, 10].map((seq) => restRow(6, seq))];
    store.insertMessages(ME, rows, { chatId: 6, low: 1, high: 10 });
    const page = store.listMessages(ME, 6, 11, 50);
    expect(page.complete).toBe(true);
    expect(page.messages.map((m) => [m.seq, m.content, m.reactions.length])).toEqual([
      [1, 'edited', 0],
      [3, 'm3', 1],
      [5, 'm5', 0],
      [6, 'm6', 0],
      [7, 'm7', 0],
      [8, 'm8', 0],
      [9, 'm9', 0],
      [10, 'm10', 0],
    ]);
  });
});
