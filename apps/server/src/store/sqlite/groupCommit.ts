/**
 * Group commit: many ops share one `BEGIN IMMEDIATE … COMMIT`, so one fsync (the
 * expensive part with synchronous=FULL) pays for all of them. Each op runs inside its
 * own SAVEPOINT, so an op that fails (a taken email, a missing chat) rolls back alone
 * and the rest of the batch still commits.
 */
import type { Db } from './db.js';
import type { WriteHandlers } from './writeOps.js';
import { WriteFailure, type OpRequest, type OpResult, type WriterStats } from './writeProtocol.js';

/**
 * Ops per transaction. Large enough that a burst of messages costs a handful of fsyncs,
 * small enough that the first caller in a batch waits for at most ~512 inserts plus
 * one commit, and a reply message stays small.
 */
export const MAX_BATCH = 512;

export interface BatchRunner {
  /** Runs up to MAX_BATCH ops in one transaction; answers every op, in order, after COMMIT. */
  run(requests: readonly OpRequest[]): OpResult[];
  stats(): WriterStats;
}

export function createBatchRunner(db: Db, handlers: WriteHandlers): BatchRunner {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const savepoint = db.prepare('SAVEPOINT op');
  const release = db.prepare('RELEASE op');
  const rollbackTo = db.prepare('ROLLBACK TO op');
  const stats: WriterStats = { transactions: 0, ops: 0, failedOps: 0, maxBatch: 0, lastCommitMs: 0 };

  function runOne(req: OpRequest): OpResult {
    savepoint.run();
    try {
      const handler = handlers[req.kind] as (input: unknown) => unknown;
      const value = handler(req.input);
      release.run();
      return { id: req.id, ok: true, value };
    } catch (err) {
      // Undo this op's partial work only; RELEASE then closes the savepoint.
      rollbackTo.run();
      release.run();
      stats.failedOps++;
      if (err instanceof WriteFailure) return { id: req.id, ok: false, code: err.code, message: err.message };
      return { id: req.id, ok: false, code: 'internal', message: errorMessage(err) };
    }
  }

  return {
    run(requests) {
      if (requests.length > MAX_BATCH) throw new Error(`batch of ${requests.length} exceeds ${MAX_BATCH}`);
      stats.transactions++;
      stats.maxBatch = Math.max(stats.maxBatch, requests.length);
      let results: OpResult[];
      try {
        begin.run();
        results = requests.map(runOne);
        const started = performance.now();
        commit.run();
        stats.lastCommitMs = performance.now() - started;
      } catch (err) {
        // BEGIN or COMMIT failed (disk full, I/O error, lock held by another process):
        // nothing in this batch is durable, so every op in it fails.
        if (db.inTransaction) rollback.run();
        const message = `transaction failed: ${errorMessage(err)}`;
        results = requests.map((req) => ({ id: req.id, ok: false, code: 'internal', message }));
        stats.failedOps += requests.length;
      }
      stats.ops += requests.length;
      return results;
    },
    stats: () => ({ ...stats }),
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
