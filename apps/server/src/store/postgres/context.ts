/**
 * What every PostgreSQL entity store shares: the pool, statement helpers, timing, and
 * the bookkeeping that lets close() wait for every operation already started.
 */
import type { Metrics } from '../../observability/metrics.js';
import type { PoolHealth } from './health.js';
import { withClient, type Pool, type PoolClient } from './pool.js';

export interface PgContext {
  /** One statement on any pooled connection, in its own (auto-committed) transaction. */
  rows<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Runs `fn` in BEGIN … COMMIT on one connection; any throw rolls the whole of it back. */
  transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` and records its latency under `op` in the store histogram. Every public
   * store method goes through here, so it is where a closed store refuses work and
   * where in-flight work is counted for close().
   */
  timed<T>(op: string, fn: () => Promise<T>): Promise<T>;
}

export interface PgContextControl extends PgContext {
  /** Refuses new operations and resolves once every started one has settled. */
  drain(): Promise<void>;
}

export function createContext(pool: Pool, health: PoolHealth, metrics: Metrics): PgContextControl {
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  async function observe<T>(work: Promise<T>): Promise<T> {
    try {
      const value = await work;
      health.noteSuccess();
      return value;
    } catch (err) {
      health.noteError(err);
      throw err;
    }
  }

  return {
    rows: async <R>(text: string, values?: readonly unknown[]) =>
      (await observe(pool.query(text, values as unknown[] | undefined))).rows as R[],

    transaction: (fn) => observe(withClient(pool, (err) => health.noteError(err), async (client, discard) => {
      await client.query('BEGIN');
      try {
        const value = await fn(client);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        // A connection that cannot even roll back is in an unknown state: close it.
        await client.query('ROLLBACK').catch(discard);
        throw err;
      }
    })),

    timed<T>(op: string, fn: () => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('store is closed'));
      const startedAt = performance.now();
      let work: Promise<T>;
      try {
        work = fn();
      } catch (err) {
        work = Promise.reject(err as Error);
      }
      const run = work.finally(() => {
        metrics.observeStore(op, startedAt);
        inFlight.delete(run);
      });
      inFlight.add(run);
      return run;
    },

    async drain() {
      closed = true;
      // Bounded: nothing new is admitted once closed, so the set only shrinks.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
