/** What every SQLite entity store shares: the read connection, the writer, and timing. */
import type { Metrics } from '../../observability/metrics.js';
import type { Db } from './db.js';
import type { WriterClient } from './writerClient.js';

export interface SqliteContext {
  /** Main-thread, read-only connection: reads never wait for a commit in WAL mode. */
  read: Db;
  /** The only path to a write: the writer thread's group commit. */
  writer: WriterClient;
  /** Runs `fn` and records its latency under `op` in the store histogram. */
  timed<T>(op: string, fn: () => T | Promise<T>): Promise<T>;
}

export function createContext(read: Db, writer: WriterClient, metrics: Metrics): SqliteContext {
  return {
    read,
    writer,
    timed<T>(op: string, fn: () => T | Promise<T>): Promise<T> {
      const startedAt = performance.now();
      let result: T | Promise<T>;
      try {
        result = fn();
      } catch (err) {
        metrics.observeStore(op, startedAt);
        return Promise.reject(err as Error);
      }
      // Reads are synchronous here: record them at once instead of a promise turn later.
      if (!(result instanceof Promise)) {
        metrics.observeStore(op, startedAt);
        return Promise.resolve(result);
      }
      return result.finally(() => metrics.observeStore(op, startedAt));
    },
  };
}
