/**
 * Versioned migrations for PostgreSQL: `NNN-what-it-does.sql` files applied in numeric
 * order, each in its own transaction together with its row in `schema_migrations`, so
 * a crash leaves either the whole migration or none of it.
 *
 * Several nodes may start at once against one database. They serialize on a session
 * advisory lock taken before anything is read: the first applies what is missing, the
 * others wait, then find everything applied and do nothing. PostgreSQL releases the
 * lock by itself if the holder's connection dies mid-way.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withClient, type Pool, type PoolClient } from './pool.js';

const MIGRATION_FILE = /^(\d{3})-[a-z0-9-]+\.sql$/;
/** Advisory lock key for schema changes: an arbitrary constant no other code uses. */
export const MIGRATION_LOCK_KEY = 7_215_004_113;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const name of readdirSync(dir).sort()) {
    const match = MIGRATION_FILE.exec(name);
    if (!match?.[1]) continue;
    migrations.push({ version: Number(match[1]), name, sql: readFileSync(join(dir, name), 'utf8') });
  }
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`two migrations share version ${migrations[i]!.version}: ${migrations[i - 1]!.name}, ${migrations[i]!.name}`);
    }
  }
  return migrations;
}

/** Applies pending migrations; returns the names applied now (empty when up to date). */
export async function applyMigrations(pool: Pool, migrations: readonly Migration[]): Promise<string[]> {
  // A broken connection surfaces as the failing query's rejection; the listener only
  // keeps pg's duplicate 'error' event from crashing the process.
  return withClient(pool, () => undefined, async (client, discard) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(client, migrations, discard);
    } finally {
      // If unlocking fails the lock may still be held: closing the session releases it.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(discard);
    }
  });
}

async function applyPending(client: PoolClient, migrations: readonly Migration[], discard: (reason: Error) => void): Promise<string[]> {
  // Under the lock: CREATE TABLE IF NOT EXISTS is not safe against a concurrent twin.
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.version));
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(discard);
      throw new Error(`migration ${migration.name} failed: ${(err as Error).message}`, { cause: err });
    }
    done.push(migration.name);
  }
  return done;
}
