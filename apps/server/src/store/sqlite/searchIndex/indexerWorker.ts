/**
 * Entry of the search indexer thread: owns the only write connection to the index file
 * and a read-only connection to the messages database, and keeps the index up to date
 * at the lowest thread priority (idlePriority.ts), and not at all while the main thread
 * is saturated (loadGate.ts) unless a search is waiting.
 *
 * It polls rather than being told about each commit: a poll is one indexed lookup, and
 * everything committed between polls becomes one batch, so a busy server is indexed
 * in large transactions. A search does not wait for the poll: `catchUp` starts a batch
 * at once and is answered when the cursor reaches the newest id committed at the time
 * of asking.
 */
import { rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ensurePrivateFile } from '../../../fileModes.js';
import { isDamagedFile, openReadConnection, openSearchIndexConnection, type Db } from '../db.js';
import { createSearchIndexer, prepareIndex, INDEX_BATCH_ROWS, type SearchIndexer } from './indexer.js';
import { lowerThisThreadsPriority } from './idlePriority.js';
import type { FromIndexer, IndexerInit, ToIndexer } from './protocol.js';

/** How often an idle indexer looks for new rows. Searches never wait for it (see catchUp). */
const IDLE_POLL_MS = 500;

if (!parentPort) throw new Error('indexerWorker.ts must run as a worker thread');
const port = parentPort;
const init = workerData as IndexerInit;
const post = (message: FromIndexer) => port.postMessage(message);

function openIndex(main: Db): { index: Db; startedOverBecause: string | null } {
  try {
    ensurePrivateFile(init.indexFile);
    const index = openSearchIndexConnection(init.indexFile);
    try {
      return { index, startedOverBecause: prepareIndex(index, main) };
    } catch (err) {
      index.close();
      throw err;
    }
  } catch (err) {
    if (!isDamagedFile(err)) throw err;
    // The index holds nothing that is not in the messages: a damaged file is replaced.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${init.indexFile}${suffix}`, { force: true });
    ensurePrivateFile(init.indexFile);
    const index = openSearchIndexConnection(init.indexFile);
    prepareIndex(index, main);
    return { index, startedOverBecause: `the index file was damaged (${(err as Error).message})` };
  }
}

let main: Db;
let index: Db;
let indexer: SearchIndexer;
try {
  const niced = lowerThisThreadsPriority();
  main = openReadConnection(init.mainFile);
  const opened = openIndex(main);
  index = opened.index;
  indexer = createSearchIndexer(index, main);
  post({ type: 'ready', cursor: indexer.cursor(), startedOverBecause: opened.startedOverBecause, niced });
} catch (err) {
  post({ type: 'fatal', message: `cannot open the search index ${init.indexFile}: ${err instanceof Error ? err.message : String(err)}` });
  process.exit(1);
}

/** catchUp requests waiting for the cursor to reach their target id. */
const waiting: { id: number; target: number }[] = [];
let timer: NodeJS.Timeout | null = null;
let immediate: NodeJS.Immediate | null = null;
let closing = false;
/** The main thread is saturated: no background batches until it is not (see loadGate.ts). */
let relayBusy = false;

function step(): void {
  timer = null;
  immediate = null;
  if (closing) return;
  if (relayBusy && waiting.length === 0) {
    timer = setTimeout(step, IDLE_POLL_MS);
    return;
  }
  let result;
  try {
    result = indexer.indexBatch(INDEX_BATCH_ROWS);
    if (result.removed) indexer.scrubWal();
  } catch (err) {
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
  answerWaiting();
  if (result.rows === INDEX_BATCH_ROWS || waiting.length > 0) immediate = setImmediate(step);
  else timer = setTimeout(step, IDLE_POLL_MS);
}

function answerWaiting(): void {
  const cursor = indexer.cursor();
  for (let i = waiting.length - 1; i >= 0; i--) {
    const request = waiting[i]!;
    if (request.target > cursor) continue;
    waiting.splice(i, 1);
    post({ type: 'caughtUp', id: request.id, cursor });
  }
}

function runSoon(): void {
  if (immediate || closing) return;
  if (timer) clearTimeout(timer);
  timer = null;
  immediate = setImmediate(step);
}

port.on('message', (message: ToIndexer) => {
  if (message.type === 'catchUp') {
    waiting.push({ id: message.id, target: indexer.latestId() });
    answerWaiting();
    if (waiting.length > 0) runSoon();
  } else if (message.type === 'relayBusy') {
    relayBusy = message.busy;
  } else {
    closing = true;
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    finish();
  }
});

/**
 * Closing indexes what is committed first (the writer has closed by now), so a stopped
 * server's index holds no text a deletion has already removed from the messages. The
 * client terminates the thread if this takes longer than its close timeout.
 */
function finish(): void {
  try {
    const target = indexer.latestId();
    let removed = false;
    while (indexer.cursor() < target) {
      const result = indexer.indexBatch(INDEX_BATCH_ROWS);
      removed ||= result.removed;
      if (result.rows === 0) break;
    }
    if (removed) indexer.scrubWal();
  } finally {
    index.close();
    main.close();
    port.close();
  }
}

step();
