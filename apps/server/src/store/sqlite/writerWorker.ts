/**
 * Entry of the SQLite writer thread: owns the only write connection, migrates the
 * schema, then turns every burst of incoming ops into one group-commit transaction.
 *
 * While a COMMIT (an fsync) is in progress this thread is blocked and new ops pile up
 * in its message port; once it returns, the event loop delivers all of them before the
 * `setImmediate` drain runs, so the next transaction naturally takes the whole queue.
 * No timer delays a lone op: an idle writer commits it at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { openWriteConnection, type Db } from './db.js';
import { applyMigrations, readMigrations } from './migrate.js';
import { createWriteOps } from './writeOps.js';
import { MAX_BATCH, createBatchRunner, type BatchRunner } from './groupCommit.js';
import type { FromWriter, OpRequest, ToWriter, WriterInit } from './writeProtocol.js';

if (!parentPort) throw new Error('writerWorker.ts must run as a worker thread');
const port = parentPort;
const init = workerData as WriterInit;

function post(message: FromWriter): void {
  port.postMessage(message);
}

let db: Db;
let runner: BatchRunner;
try {
  db = openWriteConnection(init.file);
  const applied = applyMigrations(db, readMigrations(pathToFileURL(init.migrationsDir)));
  runner = createBatchRunner(db, createWriteOps(db));
  post({ type: 'ready', applied });
} catch (err) {
  post({ type: 'fatal', message: `cannot open ${init.file}: ${err instanceof Error ? err.message : String(err)}` });
  process.exit(1);
}

const queue: OpRequest[] = [];
let drainScheduled = false;
let closeRequested = false;

function drain(): void {
  drainScheduled = false;
  if (queue.length > 0) {
    const batch = queue.splice(0, MAX_BATCH);
    post({ type: 'results', results: runner.run(batch), stats: runner.stats() });
    if (batch.some(isDeletion)) scrubWal();
  }
  if (queue.length > 0) {
    // More than one batch waiting: yield once so ops that arrived meanwhile join the next one.
    schedule();
  } else if (closeRequested) {
    // Every op received before `close` has been answered (the port is FIFO).
    db.close();
    post({ type: 'closed', stats: runner.stats() });
    port.close();
  }
}

function isDeletion(op: OpRequest): boolean {
  return op.kind === 'chat.event' && op.input.change.type === 'message_deleted';
}

/**
 * A deleted message's text must leave the disk, not only the answers. secure_delete
 * zeroes the freed cells in the database file, but the WAL still holds the page images
 * written before; a TRUNCATE checkpoint copies the current pages back and empties the
 * WAL. It costs one checkpoint of whatever the WAL holds (at most ~40 MiB, see db.ts),
 * during which this thread's next writes wait: paid only after a batch with a deletion,
 * and the next deletion finds a nearly empty WAL. If a long read keeps it from
 * completing, the next deletion's checkpoint finishes the job.
 */
function scrubWal(): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

function schedule(): void {
  if (drainScheduled) return;
  drainScheduled = true;
  setImmediate(drain);
}

port.on('message', (message: ToWriter) => {
  if (message.type === 'close') closeRequested = true;
  else for (const op of message.ops) queue.push(op);
  schedule();
});
