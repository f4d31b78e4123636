/**
 * The PostgreSQL Store, for running Parley on several nodes against one database.
 * Every node opens its own pool; correctness across nodes rests on the database
 * (row locks for seqs, unique indexes for idempotency, an advisory lock for
 * migrations), never on coordination between the nodes.
 */
import type { Logger } from '../../observability/log.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Store } from '../types.js';
import { createChatStore } from './chatStore.js';
import { createConnectionStore } from './connectionStore.js';
import { createUploadStore } from './uploadStore.js';
import { createBlockStore } from './blockStore.js';
import { createContext } from './context.js';
import { PoolHealth } from './health.js';
import { createMessageStore } from './messageStore.js';
import { applyMigrations, readMigrations } from './migrate.js';
import { createPool, DEFAULT_POOL_SIZE } from './pool.js';
import { createPostStore } from './postStore.js';
import { createPreferencesStore } from './preferencesStore.js';
import { createUserStore } from './userStore.js';
import { createInviteStore, createSessionStore } from './accountStore.js';

export interface PostgresStoreOptions {
  /** `postgres://` or `postgresql://` connection URL. */
  url: string;
  /** Directory holding `NNN-what-it-does.sql`; see openStore for how it is located. */
  migrationsDir: string;
  log: Logger;
  metrics: Metrics;
  /** Connections in this node's pool (default DEFAULT_POOL_SIZE). */
  poolSize?: number;
}

export interface PostgresStore extends Store {
  readonly kind: 'postgres';
}

/** The URL with any password replaced, for log lines and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

export async function openPostgresStore(opts: PostgresStoreOptions): Promise<PostgresStore> {
  const migrations = readMigrations(opts.migrationsDir);
  const pool = createPool(opts.url, opts.poolSize ?? DEFAULT_POOL_SIZE);
  const health = new PoolHealth(pool);
  try {
    const applied = await applyMigrations(pool, migrations);
    if (applied.length > 0) opts.log.info({ database: redactUrl(opts.url), applied }, 'Applied PostgreSQL migrations');
  } catch (err) {
    health.markClosed();
    await pool.end();
    throw new Error(`cannot open PostgreSQL store at ${redactUrl(opts.url)}: ${(err as Error).message}`, { cause: err });
  }
  const ctx = createContext(pool, health, opts.metrics);
  let closing: Promise<void> | null = null;

  return {
    kind: 'postgres',
    users: createUserStore(ctx),
    connections: createConnectionStore(ctx),
    chats: createChatStore(ctx),
    messages: createMessageStore(ctx),
    posts: createPostStore(ctx),
    preferences: createPreferencesStore(ctx),
    uploads: createUploadStore(ctx),
    blocks: createBlockStore(ctx),
    sessions: createSessionStore(ctx),
    invites: createInviteStore(ctx),
    health: () => health.health(),
    close() {
      closing ??= (async () => {
        // Every operation already started gets its answer; then the pool is drained.
        health.markClosed();
        await ctx.drain();
        await pool.end();
      })();
      return closing;
    },
  };
}
