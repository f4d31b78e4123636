import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { openStore, type Store } from './store.js';

const ME = 1;
const msg = (chat_id: number, seq: number, extra: Partial<Message> = {}): Message => ({
  id: chat_id * 1000 + seq,
  chat_id,
  seq,
  sender_id: 2,
  content: `m${seq}`,
  attachment: null,
  timestamp: new Date(seq * 1000).toISOString(),
  ...extra,
});

describe('cache store', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cache-'));
    store = openStore(join(dir, 'cache.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a replayed message once and moves the cursor only across contiguous rows', () => {
    store.upsertChats([{ id: 5, title: null, member_ids: [1, 2] }]);
    const first = store.insertMessages(ME, [msg(5, 1), msg(5, 2), msg(5, 4)]);
    expect(first.inserted.map((m) => m.seq)).toEqual([1, 2, 4]);
    expect(store.cursors()).toEqual([{ chatId: 5, seq: 2 }]);
    expect(first.holes).toEqual([{ chatId: 5, afterSeq: 2 }]);

    const replay = store.insertMessages(ME, [msg(5, 2), msg(5, 3), msg(5, 4)]);
    expect(replay.inserted.map((m) => m.seq)).toEqual([3]);
    expect(replay.holes).toEqual([]);
    expect(store.cursors()).toEqual([{ chatId: 5, seq: 4 }]);
  });

  it('settles an outbox entry when its echo arrives, in the same transaction', () => {
    store.upsertChats([{ id: 5, title: null, member_ids: [1, 2] }]);
    store.outboxAdd(ME, { clientId: 'c-1', chatId: 5, content: 'hi', attachment: null, createdAt: '2024-01-01T00:00:00.000Z' });
    expect(store.listMessages(ME, 5, undefined, 50).messages.map((m) => m.state)).toEqual(['pending']);
    const echo = store.insertMessages(ME, [msg(5, 1, { sender_id: ME, client_id: 'c-1', content: 'hi' })]);
    expect(echo.settled).toEqual(['c-1']);
    expect(store.outboxPending()).toEqual([]);
    expect(store.listMessages(ME, 5, undefined, 50).messages.map((m) => [m.state, m.key])).toEqual([['sent', 'm5001']]);
  });

  it('counts unread from the cache, excluding my own messages', () => {
    store.upsertChats([{ id: 7, title: 't', member_ids: [1, 2], last_message: null, unread_count: 0, last_seq: 0, read_seq: 0 }]);
    store.insertMessages(ME, [msg(7, 1), msg(7, 2, { sender_id: ME }), msg(7, 3)]);
    expect(store.chatViews(ME, {})[0]?.unread_count).toBe(2);
    store.markRead(7, 1);
    expect(store.chatViews(ME, { 7: 'none' })[0]).toMatchObject({ unread_count: 1, read_seq: 1, muted: true });
    expect(store.readsToSend()).toEqual([{ chatId: 7, seq: 1 }]);
    store.readSent(7, 1);
    expect(store.readsToSend()).toEqual([]);
  });

  it('reports a hole in a page so the caller backfills it', () => {
    store.upsertChats([{ id: 9, title: null, member_ids: [1, 2], last_message: null, unread_count: 0, last_seq: 300, read_seq: 300 }]);
    expect(store.cursors()).toEqual([{ chatId: 9, seq: 100 }]);
    expect(store.listMessages(ME, 9, undefined, 50).complete).toBe(false);
    store.insertMessages(ME, Array.from({ length: 200 }, (_, i) => msg(9, 101 + i)));
    expect(store.listMessages(ME, 9, undefined, 50)).toMatchObject({ complete: true });
    expect(store.listMessages(ME, 9, 101, 50).complete).toBe(false);
  });

  it('never claims an alert key twice, across reopen', () => {
    expect(store.claimAlertKeys(['message:1', 'message:2'], 1)).toEqual(['message:1', 'message:2']);
    store.close();
    store = openStore(join(dir, 'cache.db'));
    expect(store.claimAlertKeys(['message:2', 'message:3'], 2)).toEqual(['message:3']);
  });

  it('keeps notifications keyed by item id', () => {
    const n = { id: 'comment:12', kind: 'comment_on_post' as const, title: 'A', body: 'b', timestamp: '2024-01-01T00:00:00.000Z', target: { kind: 'post' as const, postId: 3 } };
    expect(store.addNotifications([n])).toHaveLength(1);
    expect(store.addNotifications([n])).toHaveLength(0);
    expect(store.notificationViews()).toHaveLength(1);
  });
});
