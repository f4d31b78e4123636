/**
 * Test support: a freshly created PostgreSQL database per test file, dropped on
 * cleanup, and stores opened on it. Needs a server reachable at PARLEY_TEST_PG (by
 * default postgres://postgres@127.0.0.1:5432, as on the development and CI machines).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger } from '../../observability/log.js';
import { createMetrics, type Metrics } from '../../observability/metrics.js';
import { POSTGRES_MIGRATIONS_DIR } from '../openStore.js';
import { createPool, type Pool } from './pool.js';
import { openPostgresStore, type PostgresStore } from './postgresStore.js';

const SERVER_URL = process.env.PARLEY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

function urlFor(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Empties every Parley table and restarts ids at 1, as a new database would. */
  truncate(): Promise<void>;
  /** Runs statements as an administrator on this database (for tests that inspect or break things). */
  admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `parley_test_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = urlFor(name);
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url,
    admin,
    truncate: () => admin(async (client) => {
      const { rows } = await client.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
      );
      if (rows.length === 0) return;
      await client.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
    }),
    // FORCE: a test that failed half-way may have left a pool connected.
    drop: () => onServer(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  };
}

export function openTestStore(url: string, opts: { metrics?: Metrics; poolSize?: number } = {}): Promise<PostgresStore> {
  return openPostgresStore({
    url,
    migrationsDir: POSTGRES_MIGRATIONS_DIR,
    log: createLogger({ logLevel: 'silent' }),
    metrics: opts.metrics ?? createMetrics(),
    ...(opts.poolSize !== undefined ? { poolSize: opts.poolSize } : {}),
  });
}

/**
 * A bare pool for tests that drive migrations directly. pool.end() resolves before its
 * connections have finished closing, so a later DROP DATABASE … (FORCE) can still hit
 * one: the listener keeps that expected error from crashing the test process.
 */
export function openTestPool(url: string, max: number): Pool {
  const pool = createPool(url, max);
  pool.on('error', () => undefined);
  return pool;
}
