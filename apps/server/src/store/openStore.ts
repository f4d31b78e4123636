/**
 * The single place that picks the storage engine from `storeUrl`.
 *
 * Thread model (SQLite, the default): better-sqlite3 is synchronous, and an fsync that
 * stalls on a busy disk must never freeze the event loop serving every socket. So all
 * writes go to one writer thread (node:worker_threads) that owns the only write
 * connection and group-commits whatever queued while the previous COMMIT was running;
 * callers await its reply, which arrives only after COMMIT. Reads run on the calling
 * thread through a read-only connection, which WAL lets proceed during commits.
 *
 * PostgreSQL (`postgres://…`, for several nodes on one database): a connection pool
 * per node; see postgres/postgresStore.ts.
 */
import { fileURLToPath } from 'node:url';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { Store } from './types.js';
import { openSqliteStore } from './sqlite/sqliteStore.js';
import { openPostgresStore } from './postgres/postgresStore.js';

export interface OpenStoreOptions {
  dataDir: string;
  /** `sqlite` (a file `<dataDir>/parley.db`) or a `postgres://` URL. */
  storeUrl: string;
  log: Logger;
  metrics: Metrics;
}

/**
 * Resolved from this module, so it stays right wherever the code runs: `src/store/` in
 * development, and next to the bundle (a build copies `src/store/migrations/` there).
 */
export const SQLITE_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/sqlite/', import.meta.url));
export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/postgres/', import.meta.url));

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const url = opts.storeUrl.trim() || 'sqlite';
  if (url === 'sqlite') {
    return openSqliteStore({ dataDir: opts.dataDir, migrationsDir: SQLITE_MIGRATIONS_DIR, log: opts.log, metrics: opts.metrics });
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return openPostgresStore({ url, migrationsDir: POSTGRES_MIGRATIONS_DIR, log: opts.log, metrics: opts.metrics });
  }
  throw new Error(`unknown store "${url}": expected "sqlite" or a postgres:// URL`);
}
