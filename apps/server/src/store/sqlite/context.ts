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
    async timed(op, fn) {
      const startedAt = process.hrtime.bigint();
      try {
        return await fn();
      } finally {
        metrics.observeStore(op, startedAt);
      }
    },
  };
}
