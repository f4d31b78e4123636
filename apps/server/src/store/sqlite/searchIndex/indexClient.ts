/**
 * Main-thread side of the search indexer thread: starts it, restarts it if it dies,
 * and lets a search wait until the index holds everything committed before it.
 *
 * Messaging never depends on this thread. If it fails, searches get a retryable error
 * while it restarts, from its cursor, a second later.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../../observability/log.js';
import { AppError } from '../../../domain/errors.js';
import type { Db } from '../db.js';
import { settlesWithin, workerEntry } from '../workerThread.js';
import type { FromIndexer, IndexerInit, ToIndexer } from './protocol.js';
import { watchRelayLoad } from './loadGate.js';

/** The schema name the index file is attached under on read connections. */
export const SEARCH_INDEX_SCHEMA = 'search_index';
/**
 * A search waits at most this long for the index to catch up. Only a server saturated
 * for a long while gets there (the indexer runs on idle time, ~10 µs per message); the
 * search then answers "retry" rather than old results.
 */
const CATCH_UP_TIMEOUT_MS = 5000;
const RESTART_DELAY_MS = 1000;
const CLOSE_TIMEOUT_MS = 5000;

export interface SearchIndexOptions {
  mainFile: string;
  indexFile: string;
  log: Logger;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const busy = (message: string) => new AppError('rate_limited', message, { retryAfterMs: 1000 });

export class SearchIndexClient {
  private worker: Worker | null = null;
  /** A thread spawned but not ready yet: closing the store stops it rather than waiting. */
  private booting: Worker | null = null;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  /** Counts (re)starts: a read connection attached to an earlier one attaches again. */
  private generation = 0;
  private readonly attached = new WeakMap<Db, number>();
  private closing: Promise<void> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private relayBusy = false;
  private readonly stopWatchingLoad = watchRelayLoad((busy) => {
    this.relayBusy = busy;
    this.worker?.postMessage({ type: 'relayBusy', busy } satisfies ToIndexer);
  });

  /** The thread being started (resolved once it is ready or has failed to start). */
  private starting: Promise<void>;

  /**
   * Starts the indexer without waiting for it: opening the store (every server start,
   * every test) does not pay for a thread's boot, and a search that comes first waits
   * for it in catchUp.
   */
  constructor(private readonly opts: SearchIndexOptions) {
    this.starting = this.start();
  }

  /** The running indexer thread, for tests that must kill it. */
  get thread(): Worker | null {
    return this.worker;
  }

  /** Resolves once the current start attempt has finished (ready or failed). */
  ready(): Promise<void> {
    return this.starting;
  }

  /** Resolves once every message committed before the call is in the index. */
  async catchUp(): Promise<void> {
    if (this.closing) throw new Error('store is closed');
    if (!this.worker) await settlesWithin(this.starting, CATCH_UP_TIMEOUT_MS);
    const worker = this.worker;
    if (!worker) throw busy('the search index is restarting; retry shortly');
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(busy('the search index is catching up with a burst of messages; retry shortly'));
      }, CATCH_UP_TIMEOUT_MS);
      this.waiters.set(id, { resolve, reject, timer });
      worker.postMessage({ type: 'catchUp', id } satisfies ToIndexer);
    });
  }

  /** Makes the index visible to `read` as `search_index` (again, after a restart). */
  attach(read: Db): void {
    const seen = this.attached.get(read);
    if (seen === this.generation) return;
    if (seen !== undefined) read.exec(`DETACH DATABASE ${SEARCH_INDEX_SCHEMA}`);
    read.prepare(`ATTACH DATABASE ? AS ${SEARCH_INDEX_SCHEMA}`).run(this.opts.indexFile);
    this.attached.set(read, this.generation);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private start(): Promise<void> {
    return this.spawn().catch((err: unknown) => {
      if (this.closing) return; // stopped on purpose while it booted
      this.opts.log.error({ err }, 'Search indexer could not start; search is unavailable until it does');
      this.scheduleRestart();
    });
  }

  private scheduleRestart(): void {
    if (this.closing) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.closing) this.starting = this.start();
    }, RESTART_DELAY_MS);
    this.restartTimer.unref();
  }

  private spawn(): Promise<void> {
    const { entry, eval: isEval } = workerEntry(import.meta.url, 'indexerWorker');
    const init: IndexerInit = { mainFile: this.opts.mainFile, indexFile: this.opts.indexFile };
    const worker = new Worker(entry, { workerData: init, eval: isEval, name: 'search-indexer' });
    worker.unref(); // background work never keeps the process alive
    this.booting = worker;
    return new Promise((resolve, reject) => {
      let started = false;
      worker.on('message', (message: FromIndexer) => {
        if (message.type === 'ready') {
          started = true;
          this.booting = null;
          this.worker = worker;
          this.generation++;
          if (this.relayBusy) worker.postMessage({ type: 'relayBusy', busy: true } satisfies ToIndexer);
          this.onReady(message);
          resolve();
        } else if (message.type === 'caughtUp') {
          const waiter = this.waiters.get(message.id);
          if (!waiter) return;
          this.waiters.delete(message.id);
          clearTimeout(waiter.timer);
          waiter.resolve();
        } else if (!started) {
          reject(new Error(message.message));
        } else {
          this.opts.log.error({ reason: message.message }, 'Search indexer failed');
        }
      });
      worker.on('error', (err) => {
        if (!started) reject(err);
        else this.opts.log.error({ err }, 'Search indexer thread crashed');
      });
      worker.on('exit', (code) => {
        if (!started) {
          this.booting = null;
          reject(new Error(`search indexer thread exited during startup (code ${code})`));
          return;
        }
        this.worker = null;
        this.failWaiters(busy('the search index is restarting; retry shortly'));
        if (this.closing) return;
        this.opts.log.error({ code }, `Search indexer stopped; restarting it in ${RESTART_DELAY_MS} ms`);
        this.scheduleRestart();
      });
    });
  }

  private onReady(message: Extract<FromIndexer, { type: 'ready' }>): void {
    const { log, indexFile } = this.opts;
    if (message.startedOverBecause) log.warn({ file: indexFile }, `Rebuilding the search index: ${message.startedOverBecause}`);
    if (!message.niced) log.info('Search indexer runs at normal priority (thread priorities are Linux-only)');
  }

  private failWaiters(err: Error): void {
    for (const [id, waiter] of this.waiters) {
      this.waiters.delete(id);
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
  }

  private async shutdown(): Promise<void> {
    this.stopWatchingLoad();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.failWaiters(new Error('store is closed'));
    // A thread still booting has indexed nothing new yet: stopping it loses no work, and a
    // short-lived store (a CLI command, a test) does not wait for a boot it never used.
    // The next start goes on from the cursor in the index file.
    if (this.booting) await this.booting.terminate();
    await settlesWithin(this.starting, CLOSE_TIMEOUT_MS);
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToIndexer);
    if (!(await settlesWithin(exited, CLOSE_TIMEOUT_MS))) await worker.terminate();
  }
}
