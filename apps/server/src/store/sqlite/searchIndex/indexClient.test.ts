/**
 * The search index as the store runs it: its own thread, restarted when it dies, rebuilt
 * when its file is lost or damaged, and always caught up before a search answers.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '@parley/protocol';
import { openReadConnection } from '../db.js';
import { openTestStore, seedUsers, tempDataDir } from '../testing.js';
import { SEARCH_INDEX_FILE_NAME, type SqliteStore } from '../sqliteStore.js';

let tmp: ReturnType<typeof tempDataDir>;
let store: SqliteStore;
let alice: number;
let chatId: number;
beforeEach(async () => {
  tmp = tempDataDir();
  store = await openTestStore(tmp.dir);
  [alice] = (await seedUsers(store, 1)) as [number];
  chatId = (await store.chats.create('notes', [alice])).id;
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

const say = (content: string) => store.messages.append({ chatId, senderId: alice, content, attachment: null, clientId: null });
const search = async (q: string) => (await store.messages.search({ userId: alice, query: parseSearchQuery(q), limit: 50 })).map((m) => m.content);
const reopen = async (beforeOpening?: () => void) => {
  await store.close();
  beforeOpening?.();
  store = await openTestStore(tmp.dir);
};

async function eventually<T>(probe: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('search index thread', () => {
  it('answers with every message committed before the search, without waiting for its poll', async () => {
    const sent = Array.from({ length: 3000 }, (_, i) => say(`burst message ${i} ${i === 2999 ? 'lastone' : ''}`));
    await Promise.all(sent);
    expect(await search('lastone')).toEqual(['burst message 2999 lastone']);
    expect(await search('burst')).toHaveLength(50);
  });

  it('holds background batches while the relay is saturated, but never a search', async () => {
    const cursor = () => {
      const index = openReadConnection(join(tmp.dir, SEARCH_INDEX_FILE_NAME));
      try {
        return index.prepare("SELECT value FROM index_state WHERE key = 'cursor'").pluck().get() as number;
      } finally {
        index.close();
      }
    };
    await store.searchIndex.ready();
    const first = await say('indexed while calm');
    await eventually(async () => expect(cursor()).toBe(first.message.id));
    store.searchIndex.thread!.postMessage({ type: 'relayBusy', busy: true });
    const held = await say('held while busy');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // three polls
    expect(cursor()).toBe(first.message.id);
    expect(await search('held')).toEqual(['held while busy']);
    expect(cursor()).toBe(held.message.id);
  });

  it('restarts after its thread dies; searches meanwhile get a retryable error, not wrong results', async () => {
    await say('before the crash');
    await store.searchIndex.ready();
    const thread = store.searchIndex.thread!;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    await thread.terminate();
    await exited;
    await say('while it was down');
    await expect(search('crash')).rejects.toMatchObject({ code: 'rate_limited' });
    // The restarted thread goes on from its cursor.
    expect(await eventually(() => search('while'))).toEqual(['while it was down']);
    expect(await search('crash')).toEqual(['before the crash']);
    expect(store.searchIndex.thread).not.toBe(thread);
  });

  it('stops a thread still booting when the store closes; the next start indexes what it missed', async () => {
    await say('written before a quick close');
    await reopen(); // closes a store whose indexer may not be ready yet
    await store.close();
    store = await openTestStore(tmp.dir);
    expect(await search('quick')).toEqual(['written before a quick close']);
  });

  it('rebuilds a lost index from the messages', async () => {
    await say('survives a lost index');
    expect(await search('survives')).toHaveLength(1);
    const file = join(tmp.dir, SEARCH_INDEX_FILE_NAME);
    await reopen(() => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    });
    expect(await search('survives')).toEqual(['survives a lost index']);
  });

  it('replaces a damaged index file and rebuilds it', async () => {
    await say('survives a damaged index');
    const file = join(tmp.dir, SEARCH_INDEX_FILE_NAME);
    await reopen(() => {
      for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      writeFileSync(file, Buffer.alloc(8192, 0x5a));
    });
    expect(await search('damaged')).toEqual(['survives a damaged index']);
  });
});
