import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openReadConnection } from './db.js';
import { createLogger } from '../../observability/log.js';
import { createMetrics } from '../../observability/metrics.js';
import { openSqliteStore } from './sqliteStore.js';
import { openTestStore, seedUsers, tempDataDir } from './testing.js';

let tmp: ReturnType<typeof tempDataDir>;
beforeEach(() => {
  tmp = tempDataDir();
});
afterEach(() => tmp.remove());

function schemaState(dir: string) {
  const db = openReadConnection(join(dir, 'parley.db'));
  try {
    return {
      migrations: db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all(),
      journal: db.pragma('journal_mode', { simple: true }),
    };
  } finally {
    db.close();
  }
}

describe('SQLite store lifecycle', () => {
  it('creates the data directory, uses WAL, and applies migrations once across reopens', async () => {
    const dataDir = join(tmp.dir, 'nested', 'data');
    const first = await openTestStore(dataDir);
    await first.close();
    const once = schemaState(dataDir);
    expect(once.journal).toBe('wal');
    expect(once.migrations).toEqual([
      { version: 1, name: '001-initial-schema.sql' },
      { version: 3, name: '003-chat-events.sql' },
      { version: 4, name: '004-accounts-sessions.sql' },
      { version: 5, name: '005-hardening.sql' },
      { version: 6, name: '006-user-preferences.sql' },
      { version: 7, name: '007-search-and-mentions.sql' },
      { version: 8, name: '008-search-index-file.sql' },
    ]);
    const second = await openTestStore(dataDir);
    await second.close();
    expect(schemaState(dataDir)).toEqual(once);
  });

  // Durability across reopen and close semantics are in the store contract (../contract/lifecycle.ts).

  it('rejects pending and later writes with a clear error and reports unhealthy if the writer dies', async () => {
    const store = await openTestStore(tmp.dir);
    try {
      const [a] = await seedUsers(store, 1);
      const chat = await store.chats.create(null, [a!]);
      expect(store.health()).toEqual({ ok: true });
      const inFlight = Array.from({ length: 2000 }, (_, i) =>
        store.messages.append({ chatId: chat.id, senderId: a!, content: `m${i}`, attachment: null, clientId: null }),
      );
      await store.writer.worker.terminate();
      const outcomes = await Promise.allSettled(inFlight);
      const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(failures.length).toBeGreaterThan(0);
      for (const f of failures) expect(String(f.reason)).toMatch(/writer thread exited unexpectedly/);
      expect(store.health().ok).toBe(false);
      await expect(store.posts.create(a!, 'after death')).rejects.toThrow(/writer thread exited unexpectedly/);
      // Reads keep working from the read connection.
      expect(await store.users.byId(a!)).not.toBeNull();
    } finally {
      await store.close();
    }
  });

  it('fails to open with the cause when the writer cannot start, instead of hanging', async () => {
    const opening = openSqliteStore({
      dataDir: tmp.dir,
      migrationsDir: join(tmp.dir, 'no-such-migrations'),
      log: createLogger({ logLevel: 'silent' }),
      metrics: createMetrics(),
    });
    await expect(opening).rejects.toThrow(/cannot open .*parley\.db: .*no-such-migrations/);
  });
});
