import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../observability/log.js';
import { createMetrics } from '../observability/metrics.js';
import { openStore } from './openStore.js';
import { tempDataDir } from './sqlite/testing.js';

let tmp: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  tmp = tempDataDir();
});
afterEach(() => tmp.remove());

const open = (storeUrl: string, metrics = createMetrics()) =>
  openStore({ dataDir: tmp.dir, storeUrl, log: createLogger({ logLevel: 'silent' }), metrics });

describe('openStore', () => {
  it('opens SQLite at <dataDir>/parley.db and times operations in the store histogram', async () => {
    const metrics = createMetrics();
    const store = await open('sqlite', metrics);
    try {
      expect(store.kind).toBe('sqlite');
      expect(existsSync(join(tmp.dir, 'parley.db'))).toBe(true);
      await store.users.create({ email: 'm@x.org', fullName: 'M', passwordHash: 'x' });
      await store.users.byEmail('m@x.org');
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/parley_store_seconds_count\{op="users\.create"\} 1/);
      expect(text).toMatch(/parley_store_seconds_count\{op="users\.byEmail"\} 1/);
    } finally {
      await store.close();
    }
  });

  // Opening PostgreSQL from a postgres:// URL is tested in postgres/postgresStore.test.ts.
  it('refuses unknown engines', async () => {
    await expect(open('mysql://x')).rejects.toThrow(/unknown store/);
  });
});
