/**
 * The cluster tests need the real Redis and PostgreSQL of the development and CI
 * machines. This probes both once, so a machine without them skips with a reason
 * instead of failing on a timeout.
 */
import { Redis } from 'ioredis';
import pg from 'pg';

export const REDIS_URL = process.env.PARLEY_TEST_REDIS ?? 'redis://127.0.0.1:6379';
export const PG_SERVER_URL = process.env.PARLEY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

/** Null when both answer; otherwise why the cluster tests cannot run here. */
export async function missingServices(): Promise<string | null> {
  const problems: string[] = [];
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    problems.push(`Redis at ${REDIS_URL} is unreachable (${(err as Error).message})`);
  } finally {
    redis.disconnect();
  }
  const url = new URL(PG_SERVER_URL);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    problems.push(`PostgreSQL at ${PG_SERVER_URL} is unreachable (${(err as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return problems.length ? problems.join('; ') : null;
}

/** Deletes every key of one cluster prefix (bounded SCAN), so test runs leave Redis clean. */
export async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}
