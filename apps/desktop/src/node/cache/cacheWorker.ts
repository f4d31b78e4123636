/**
 * Worker thread that owns the SQLite database (as Signal Desktop's SQL workers do):
 * better-sqlite3 is synchronous, so every query runs here and the main thread never
 * blocks on disk. Requests are processed one at a time, in arrival order.
 *
 * Between requests it indexes stored messages for search (searchIndex.ts): once writes
 * pause, or at once when a chunk's worth is waiting, a chunk per turn of the event loop
 * so requests queued meanwhile are not held up for long.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type Store, type StoreMethod } from './store.js';

export interface WorkerRequest {
  id: number;
  method: StoreMethod;
  args: unknown[];
}
export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

/** Quiet time after the last request before indexing: a catch-up's pages come closer together. */
const INDEX_AFTER_MS = 50;
/** …but requests that never pause do not put it off longer than this. */
const INDEX_WITHIN_MS = 1000;
/** Messages indexed per transaction: big enough to amortize FTS5's per-commit cost, short enough (~5 ms) not to stall requests. */
const INDEX_CHUNK = 2000;

const port = parentPort;
if (!port) throw new Error('cacheWorker must run in a worker thread');
const { file, nativeBinding } = workerData as { file: string; nativeBinding: string | null };
let store: Store | null = openStore(file, nativeBinding);
let indexTimer: NodeJS.Timeout | null = null;
/** When the oldest message still waiting was first seen waiting (0: none). */
let waitingSince = 0;

function scheduleIndexing(): void {
  if (indexTimer) clearTimeout(indexTimer);
  indexTimer = null;
  let waiting = 0;
  try {
    waiting = store?.searchBacklog() ?? 0;
  } catch {
    // The next request reports what is wrong with the database; a search indexes first anyway.
  }
  if (waiting === 0) {
    waitingSince = 0;
    return;
  }
  const now = Date.now();
  waitingSince ||= now;
  const at = waiting >= INDEX_CHUNK ? now : Math.min(now + INDEX_AFTER_MS, waitingSince + INDEX_WITHIN_MS);
  indexTimer = setTimeout(indexChunk, Math.max(0, at - now));
}

function indexChunk(): void {
  indexTimer = null;
  waitingSince = 0;
  try {
    if ((store?.indexSearchBacklog(INDEX_CHUNK) ?? 0) > 0) scheduleIndexing();
  } catch {
    // As above: left queued, indexed by the next search or the next pause.
  }
}

port.on('message', (req: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    if (!store) throw new Error('cache is closed');
    const fn = store[req.method] as (...args: unknown[]) => unknown;
    if (typeof fn !== 'function') throw new Error(`unknown cache method ${String(req.method)}`);
    const value = fn(...req.args);
    if (req.method === 'close') store = null;
    response = { id: req.id, ok: true, value: value ?? null };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    response = { id: req.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
  }
  port.postMessage(response);
  scheduleIndexing();
});

// A backlog left by the last run (closed before the worker got to it).
scheduleIndexing();
