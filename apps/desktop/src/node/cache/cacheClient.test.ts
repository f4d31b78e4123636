import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { defaultWorkerEntry, openCache } from './cacheClient.js';

it('answers store calls from a worker thread, in order, and survives reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cachec-'));
  try {
    const file = join(dir, 'c.db');
    let cache = await openCache(file);
    const writes = [cache.updateSettings({ doNotDisturb: true }), cache.upsertChats([{ id: 3, title: 'x', member_ids: [1] }])];
    const read = cache.settings();
    await Promise.all(writes);
    expect((await read).doNotDisturb).toBe(true);
    await expect((cache as unknown as { nope(): Promise<void> }).nope()).rejects.toThrow(/unknown cache method/);
    await cache.terminate();
    cache = await openCache(file);
    expect(await cache.chatViews(1, {})).toHaveLength(1);
    await cache.terminate();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('loads better-sqlite3 from the nativeBinding it is given (how the Electron build is used from a checkout)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cachec-'));
  const nodeBuild = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  try {
    const cache = await openCache(join(dir, 'ok.db'), { ...defaultWorkerEntry(), nativeBinding: nodeBuild });
    expect((await cache.updateSettings({ startAtLogin: true })).startAtLogin).toBe(true);
    await cache.terminate();
    // A wrong path is not silently replaced by node_modules' copy: the cache fails to open.
    await expect(openCache(join(dir, 'bad.db'), { ...defaultWorkerEntry(), nativeBinding: join(dir, 'missing.node') })).rejects.toThrow(/missing\.node/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('indexes stored messages for search on its own once writes pause, in chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cachec-'));
  try {
    const cache = await openCache(join(dir, 'idx.db'));
    await cache.upsertChats([{ id: 3, title: 'x', member_ids: [1, 2] }]);
    const rows = Array.from({ length: 2500 }, (_, i) => ({ id: i + 1, chat_id: 3, seq: i + 1, sender_id: 2, content: `lemur ${i}`, attachment: null, timestamp: new Date(0).toISOString() }));
    await cache.insertMessages(1, rows);
    // No search asks for it: the worker works through the backlog by itself.
    for (let polls = 0; (await cache.searchBacklog()) > 0; polls++) {
      if (polls > 200) throw new Error('backlog never indexed');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await cache.terminate();
    // What is in the index now is there without any help from a search.
    const raw = new Database(join(dir, 'idx.db'), { readonly: true });
    expect(raw.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'lemur'").pluck().get()).toBe(2500);
    raw.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
