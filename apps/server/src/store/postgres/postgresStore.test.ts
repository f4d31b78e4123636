/** PostgreSQL engine specifics: selection by URL, migrations, health, durability details. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../observability/log.js';
import { createMetrics } from '../../observability/metrics.js';
import { openStore, POSTGRES_MIGRATIONS_DIR } from '../openStore.js';
import { seedUsers } from '../contract/storeContract.js';
import { applyMigrations, readMigrations } from './migrate.js';
import { openPostgresStore } from './postgresStore.js';
import { createTestDatabase, openTestPool, openTestStore, type TestDatabase } from './testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const silent = createLogger({ logLevel: 'silent' });

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PostgreSQL store', () => {
  it('is what openStore opens for postgres:// and postgresql:// URLs, timed in the store histogram', async () => {
    for (const url of [db.url, db.url.replace(/^postgres:/, 'postgresql:')]) {
      const metrics = createMetrics();
      const store = await openStore({ dataDir: '/nonexistent', storeUrl: ` ${url} `, log: silent, metrics });
      try {
        expect(store.kind).toBe('postgres');
        await store.users.byEmail('nobody@x.org');
        expect(await metrics.registry.metrics()).toMatch(/parley_store_seconds_count\{op="users\.byEmail"\} 1/);
      } finally {
        await store.close();
      }
    }
  });

  it('applies its migrations once, in order, and records them in schema_migrations', async () => {
    const store = await openTestStore(db.url);
    await store.close();
    const recorded = await db.admin(async (c) => (await c.query('SELECT version, name FROM schema_migrations ORDER BY version')).rows);
    expect(recorded).toEqual(readMigrations(POSTGRES_MIGRATIONS_DIR).map(({ version, name }) => ({ version, name })));
    expect(recorded.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // 005 and 007 each replace append_message; a leftover overload would make a call ambiguous.
    const appendFunctions = await db.admin(async (c) =>
      (await c.query("SELECT pg_get_function_identity_arguments(oid) AS args FROM pg_proc WHERE proname = 'append_message'")).rows);
    expect(appendFunctions).toEqual([{
      args: 'p_chat_id bigint, p_sender_id bigint, p_content text, p_attachment text, p_client_id text, p_reply_to_seq bigint, '
        + 'p_attachment_name text, p_attachment_size bigint, p_mentions bigint[]',
    }]);
    const pool = openTestPool(db.url, 1);
    try {
      expect(await applyMigrations(pool, readMigrations(POSTGRES_MIGRATIONS_DIR))).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('pins synchronous_commit on and UTC for every pooled session', async () => {
    const pool = openTestPool(db.url, 1);
    try {
      const { rows } = await pool.query("SELECT current_setting('synchronous_commit') AS sc, current_setting('TimeZone') AS tz");
      expect(rows[0]).toEqual({ sc: 'on', tz: 'UTC' });
    } finally {
      await pool.end();
    }
  });

  it('rolls a failed append back without burning a seq, and stamps messages in seq order', async () => {
    await db.truncate();
    const store = await openTestStore(db.url);
    try {
      const [a] = await seedUsers(store, 1);
      const chat = await store.chats.create(null, [a!]);
      const send = (senderId: number, content: string) =>
        store.messages.append({ chatId: chat.id, senderId, content, attachment: null, clientId: null });
      await send(a!, 'one');
      await expect(send(424242, 'ghost')).rejects.toMatchObject({ name: 'AppError', code: 'not_found', message: 'sender not found' });
      await send(a!, 'two');
      const stored = await store.messages.list(chat.id, { afterSeq: 0, limit: 10 });
      expect(stored.map((m) => [m.seq, m.content])).toEqual([[1, 'one'], [2, 'two']]);
      expect(stored[0]!.timestamp <= stored[1]!.timestamp).toBe(true);
      await expect(store.chats.create(null, [a!, 9999])).rejects.toMatchObject({ code: 'not_found', message: 'user not found' });
      await expect(store.posts.create(9999, 'x')).rejects.toMatchObject({ code: 'not_found', message: 'user not found' });
      await expect(store.connections.create(a!, 9999)).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await store.close();
    }
  });

  it('reports unhealthy when its connections are killed, and healthy again once a query succeeds', async () => {
    const store = await openTestStore(db.url);
    try {
      await Promise.all(Array.from({ length: 4 }, () => store.users.byId(999_999)));
      expect(store.health()).toEqual({ ok: true });
      await db.admin((c) => c.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'parley-server'`,
      ));
      await waitFor(() => !store.health().ok, 'the pool to report the killed connections');
      expect(store.health().reason).toMatch(/^PostgreSQL unavailable: terminating connection/);
      // Each killed pooled client reports its error on its own schedule, so the first
      // queries may still draw a dead one; what must hold is that the store recovers as
      // soon as one query succeeds.
      let recovered = false;
      for (let attempt = 0; attempt < 10 && !recovered; attempt++) {
        recovered = await store.users.byId(999_999).then((row) => row === null, () => false);
      }
      expect(recovered).toBe(true);
      expect(store.health()).toEqual({ ok: true });
    } finally {
      await store.close();
    }
  });

  it('fails to open with the cause, and without the password, when PostgreSQL is unreachable', async () => {
    const opening = openPostgresStore({
      url: 'postgres://parley:s3cret@127.0.0.1:1/parley',
      migrationsDir: POSTGRES_MIGRATIONS_DIR,
      log: silent,
      metrics: createMetrics(),
    });
    const err = await opening.then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/^cannot open PostgreSQL store at postgres:\/\/parley:\*\*\*@127\.0\.0\.1:1\/parley: .*ECONNREFUSED/);
    expect(err?.message).not.toContain('s3cret');
  });
});

describe('PostgreSQL migrations', () => {
  it('rolls back a failing migration entirely and leaves the lock free for the next attempt', async () => {
    const fresh = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'parley-pg-migrations-'));
    try {
      writeFileSync(join(dir, '001-one.sql'), 'CREATE TABLE one (id int);');
      writeFileSync(join(dir, '002-two.sql'), 'CREATE TABLE two (id int); SELECT no_such_function();');
      const open = () => openPostgresStore({ url: fresh.url, migrationsDir: dir, log: silent, metrics: createMetrics() });
      await expect(open()).rejects.toThrow(/migration 002-two\.sql failed: function no_such_function\(\) does not exist/);
      const state = () => fresh.admin(async (c) => ({
        versions: (await c.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version as number),
        two: (await c.query("SELECT to_regclass('two') AS t")).rows[0].t as string | null,
      }));
      expect(await state()).toEqual({ versions: [1], two: null });

      writeFileSync(join(dir, '002-two.sql'), 'CREATE TABLE two (id int);');
      const store = await open();
      await store.close();
      expect(await state()).toEqual({ versions: [1, 2], two: 'two' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await fresh.drop();
    }
  });

  it('applies each migration exactly once when several nodes start at once', async () => {
    const fresh = await createTestDatabase();
    const pools = Array.from({ length: 4 }, () => openTestPool(fresh.url, 2));
    try {
      const migrations = readMigrations(POSTGRES_MIGRATIONS_DIR);
      const applied = await Promise.all(pools.map((pool) => applyMigrations(pool, migrations)));
      expect(applied.flat().sort()).toEqual(migrations.map((m) => m.name));
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      // And whole stores opening together all come up on the finished schema.
      const stores = await Promise.all([openTestStore(fresh.url), openTestStore(fresh.url), openTestStore(fresh.url)]);
      await Promise.all(stores.map((s) => s.close()));
      const count = await fresh.admin(async (c) => (await c.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n as number);
      expect(count).toBe(migrations.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await fresh.drop();
    }
  });
});
