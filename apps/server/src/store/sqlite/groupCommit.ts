/**
 * Group commit: many ops share one `BEGIN IMMEDIATE … COMMIT`, so one fsync (the
 * expensive part with synchronous=FULL) pays for all of them.
 *
 * An op that fails (a taken email, a missing chat) must roll back alone while the rest
 * of its batch commits. Wrapping every op in a SAVEPOINT would give that, but costs two
 * extra statements per op, and ops almost never fail. So a batch first runs without
 * savepoints; if any op throws, the whole transaction is rolled back and the batch runs
 * again with one savepoint per op. Re-running is safe: an op is only SQL on this
 * connection, and nothing it did before the rollback was ever visible.
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

  function apply(req: OpRequest): unknown {
    return (handlers[req.kind] as (input: unknown) => unknown)(req.input);
  }

  function failure(req: OpRequest, err: unknown): OpResult {
    stats.failedOps++;
    if (err instanceof WriteFailure) return { id: req.id, ok: false, code: err.code, message: err.message, ...(err.reason ? { reason: err.reason } : {}) };
    return { id: req.id, ok: false, code: 'internal', message: errorMessage(err) };
  }

  /** The common case: every op succeeds. Throws (with the transaction still open) at the first failure. */
  function runAll(requests: readonly OpRequest[]): OpResult[] {
    const results: OpResult[] = new Array(requests.length);
    for (let i = 0; i < requests.length; i++) {
      const req = requests[i]!;
      results[i] = { id: req.id, ok: true, value: apply(req) };
    }
    return results;
  }

  function runIsolated(req: OpRequest): OpResult {
    savepoint.run();
    try {
      const value = apply(req);
      release.run();
      return { id: req.id, ok: true, value };
    } catch (err) {
      // Undo this op's partial work only; RELEASE then closes the savepoint.
      rollbackTo.run();
      release.run();
      return failure(req, err);
    }
  }

  function commitNow(): void {
    const started = performance.now();
    commit.run();
    stats.lastCommitMs = performance.now() - started;
  }

  return {
    run(requests) {
      if (requests.length > MAX_BATCH) throw new Error(`batch of ${requests.length} exceeds ${MAX_BATCH}`);
      stats.transactions++;
      stats.maxBatch = Math.max(stats.maxBatch, requests.length);
      stats.ops += requests.length;
      let results: OpResult[];
      try {
        begin.run();
        try {
          results = runAll(requests);
        } catch {
          rollback.run();
          begin.run();
          results = requests.map(runIsolated);
        }
        commitNow();
      } catch (err) {
        // BEGIN or COMMIT failed (disk full, I/O error, lock held by another process):
        // nothing in this batch is durable, so every op in it fails.
        if (db.inTransaction) rollback.run();
        const message = `transaction failed: ${errorMessage(err)}`;
        results = requests.map((req) => ({ id: req.id, ok: false, code: 'internal', message }));
        stats.failedOps += requests.length;
      }
      return results;
    },
    stats: () => ({ ...stats }),
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
