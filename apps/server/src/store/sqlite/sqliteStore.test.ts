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
    expect(once.migrations).toEqual([{ version: 1, name: '001-initial-schema.sql' }]);
    const second = await openTestStore(dataDir);
    await second.close();
    expect(schemaState(dataDir)).toEqual(once);
  });

  it('keeps committed data across close and reopen', async () => {
    const store = await openTestStore(tmp.dir);
    const [a, b] = await seedUsers(store, 2);
    const chat = await store.chats.create('kept', [a!, b!]);
    await store.messages.append({ chatId: chat.id, senderId: a!, content: 'still here', attachment: null, clientId: 'k1' });
    await store.chats.markRead(chat.id, b!, 1);
    await store.close();

    const reopened = await openTestStore(tmp.dir);
    try {
      expect((await reopened.users.byId(a!))?.email).toBe('u1@test.local');
      const [summary] = await reopened.chats.listForUser(b!);
      expect(summary).toMatchObject({ title: 'kept', last_seq: 1, read_seq: 1, last_message: { content: 'still here' } });
      const again = await reopened.messages.append({ chatId: chat.id, senderId: a!, content: 'dup', attachment: null, clientId: 'k1' });
      expect(again).toMatchObject({ created: false, message: { seq: 1 } });
    } finally {
      await reopened.close();
    }
  });

  it('answers every write sent before close, then refuses new ones; close is idempotent', async () => {
    const store = await openTestStore(tmp.dir);
    const [a] = await seedUsers(store, 1);
    const chat = await store.chats.create(null, [a!]);
    const inFlight = Array.from({ length: 300 }, (_, i) =>
      store.messages.append({ chatId: chat.id, senderId: a!, content: `m${i}`, attachment: null, clientId: null }),
    );
    const closed = store.close();
    expect(store.close()).toBe(closed);
    const results = await Promise.all(inFlight);
    await closed;
    expect(results.map((r) => r.message.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    await expect(store.users.create({ email: 'late@x.org', fullName: 'Late', passwordHash: 'x' })).rejects.toThrow('store is closed');
    expect(store.health()).toEqual({ ok: false, reason: 'store is closed' });
  });

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
