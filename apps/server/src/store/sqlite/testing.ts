/**
 * Test support: a real SQLite store in a fresh temporary directory, removed on cleanup.
 * Used by the store's own tests and by any test that needs a store without a server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../observability/log.js';
import { createMetrics } from '../../observability/metrics.js';
import { SQLITE_MIGRATIONS_DIR } from '../openStore.js';
import { openSqliteStore, type SqliteStore } from './sqliteStore.js';

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestStore(dataDir: string): Promise<SqliteStore> {
  return openSqliteStore({
    dataDir,
    migrationsDir: SQLITE_MIGRATIONS_DIR,
    log: createLogger({ logLevel: 'silent' }),
    metrics: createMetrics(),
  });
}

/** Registers `count` users named `User 1…n` with emails `u1@test.local…`. */
export async function seedUsers(store: SqliteStore, count: number): Promise<number[]> {
  const users = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      store.users.create({ email: `u${i + 1}@test.local`, fullName: `User ${i + 1}`, passwordHash: 'x' }),
    ),
  );
  return users.map((u) => u.id);
}
