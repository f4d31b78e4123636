import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openCache } from './cacheClient.js';

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
    expect(await cache.chatViews(1, [])).toHaveLength(1);
    await cache.terminate();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
