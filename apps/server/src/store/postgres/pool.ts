/**
 * The only `pg` import besides tests: builds the connection pool with the session
 * settings and type parsing every PostgreSQL store query relies on.
 */
import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
export const { DatabaseError } = pg;

/**
 * Connections per node. Appends to one chat run one at a time per node (see
 * keyedQueue.ts), so this bounds how many chats a node writes to at once; ten keeps
 * several nodes well inside PostgreSQL's default max_connections of 100.
 */
export const DEFAULT_POOL_SIZE = 10;
/** A node that cannot reach PostgreSQL fails a request after this long instead of hanging it. */
const CONNECT_TIMEOUT_MS = 5000;
/** Idle connections are closed after this, so a quiet node gives its connections back. */
const IDLE_TIMEOUT_MS = 30_000;

const INT8 = 20;
const INT8_ARRAY = 1016;
const TIMESTAMPTZ = 1184;

/** bigint ids and counts as JS numbers; they stay far below 2^53 in any real deployment. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`integer ${text} does not fit a JS number`);
  return value;
}

/** pg's own parser for a type (its typings list only some OIDs). */
const builtinParser = pg.types.getTypeParser as (oid: number) => (text: string) => unknown;
const parseInt8Array = builtinParser(INT8_ARRAY) as (text: string) => string[];
const parseTimestamptz = builtinParser(TIMESTAMPTZ) as (text: string) => Date;

/**
 * Per pool rather than pg's global registry, so nothing else in the process is affected.
 * Timestamps come back in the wire format (`2024-01-01T12:00:00.000Z`), like SQLite's.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return parseInt8;
    if (oid === INT8_ARRAY) return (text: string) => parseInt8Array(text).map(parseInt8);
    if (oid === TIMESTAMPTZ) return (text: string) => parseTimestamptz(text).toISOString();
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPool(url: string, max = DEFAULT_POOL_SIZE): Pool {
  return new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    application_name: 'parley-server',
    types,
    // Pinned per session whatever postgresql.conf says: a COMMIT must be flushed to
    // the WAL before the store resolves, because clients see the message right after.
    options: '-c synchronous_commit=on -c TimeZone=UTC',
  });
}

/**
 * Runs `fn` on a checked-out connection and gives it back. pg leaves a checked-out
 * connection without an 'error' listener, and an unlistened error (the server going
 * away mid-transaction) would crash the process: `onError` gets it instead. A
 * connection that errored, or that `fn` marked with `discard` (state in doubt, e.g.
 * a failed ROLLBACK), is closed rather than returned to the pool.
 */
export async function withClient<T>(
  pool: Pool,
  onError: (err: Error) => void,
  fn: (client: PoolClient, discard: (reason: Error) => void) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const listener = (err: Error) => {
    broken ??= err;
    onError(err);
  };
  client.on('error', listener);
  try {
    return await fn(client, (reason) => {
      broken ??= reason;
    });
  } finally {
    client.off('error', listener);
    client.release(broken);
  }
}

/** The SQLSTATE of a server-reported error (`23505` unique_violation…), else null. */
export function pgCode(err: unknown): string | null {
  return err instanceof DatabaseError && typeof err.code === 'string' ? err.code : null;
}

/** The constraint a server-reported error names (`messages_client_id`…), else null. */
export function pgConstraint(err: unknown): string | null {
  return err instanceof DatabaseError ? (err.constraint ?? null) : null;
}

export const PG = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  NO_DATA_FOUND: 'P0002',
} as const;
