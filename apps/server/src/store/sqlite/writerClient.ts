/**
 * Main-thread side of the SQLite writer thread: sends ops, matches replies to callers,
 * and makes sure no caller hangs if the thread dies. How the thread is started (source
 * or bundle): workerThread.ts.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../observability/log.js';
import { AppError } from '../../domain/errors.js';
import type { StoreHealth } from '../types.js';
import { settlesWithin, workerEntry } from './workerThread.js';
import type { FromWriter, OpRequest, OpResult, ToWriter, WriteKind, WriteOps, WriterInit, WriterStats } from './writeProtocol.js';

/** Repository path of the worker entry, for build scripts that bundle the server. */
export const WRITER_WORKER_SOURCE = 'apps/server/src/store/sqlite/writerWorker.ts';

/**
 * Writes waiting for the writer beyond this mean the disk cannot keep up; callers get
 * a retryable error instead of the queue growing memory without bound. 50,000 is
 * ~100 full batches, several seconds of writes even on a slow disk.
 */
const DEFAULT_MAX_PENDING = 50_000;
/** How long close() waits for queued writes to commit before terminating the thread. */
const CLOSE_TIMEOUT_MS = 10_000;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export interface WriterOptions {
  file: string;
  migrationsDir: string;
  log: Logger;
  maxPending?: number;
}

export class WriterClient {
  /** The writer thread; exposed so supervisors (and tests) can observe or stop it. */
  readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly log: Logger;
  private readonly maxPending: number;
  private nextId = 1;
  /** Ops not yet posted to the writer (see flush). */
  private outbox: OpRequest[] = [];
  private flushScheduled = false;
  /** Ops posted whose results have not come back. */
  private inFlight = 0;
  private lastStats: WriterStats = { transactions: 0, ops: 0, failedOps: 0, maxBatch: 0, lastCommitMs: 0 };
  private failure: string | null = null;
  private closing: Promise<void> | null = null;
  private exited = false;

  private constructor(worker: Worker, opts: WriterOptions) {
    this.worker = worker;
    this.log = opts.log;
    this.maxPending = opts.maxPending ?? DEFAULT_MAX_PENDING;
  }

  /** Starts the thread and resolves once the schema is migrated; rejects if it cannot open. */
  static start(opts: WriterOptions): Promise<{ writer: WriterClient; applied: string[] }> {
    const { entry, eval: isEval } = workerEntry(import.meta.url, 'writerWorker');
    const init: WriterInit = { file: opts.file, migrationsDir: opts.migrationsDir };
    const worker = new Worker(entry, { workerData: init, eval: isEval, name: 'sqlite-writer' });
    const writer = new WriterClient(worker, opts);
    return new Promise((resolve, reject) => {
      const onStartup = (message: FromWriter) => {
        if (message.type === 'ready') {
          worker.off('message', onStartup);
          worker.off('exit', onEarlyExit);
          writer.listen();
          worker.unref(); // idle: ref()'d again while writes are in flight
          resolve({ writer, applied: message.applied });
        } else if (message.type === 'fatal') {
          reject(new Error(message.message));
        }
      };
      const onEarlyExit = (code: number) => reject(new Error(`SQLite writer thread exited during startup (code ${code})`));
      worker.on('message', onStartup);
      worker.once('error', (err) => reject(err));
      worker.on('exit', onEarlyExit);
    });
  }

  /** Sends one write; resolves after the transaction holding it committed. */
  call<K extends WriteKind>(kind: K, input: WriteOps[K]['input']): Promise<WriteOps[K]['output']> {
    if (this.failure) return Promise.reject(new Error(this.failure));
    if (this.closing) return Promise.reject(new Error('store is closed'));
    if (this.pending.size >= this.maxPending) {
      return Promise.reject(new AppError('rate_limited', 'storage is busy, retry shortly', { retryAfterMs: 1000 }));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.outbox.push({ type: 'op', id, kind, input } as OpRequest);
      if (this.inFlight === 0 && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /**
   * Ops go to the writer as one message per batch, and a new batch only once the
   * previous one has been answered. Each postMessage wakes the other thread (a context
   * switch when both share a core), so this wakes the writer once per transaction rather
   * than once per event-loop turn. Holding ops back adds no latency: the writer is busy
   * with the previous transaction until it answers, and the held ops form the next
   * one the moment it does. An idle writer gets an op on the next event-loop turn,
   * together with whatever else that turn produced.
   */
  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.inFlight === 0) this.flushAll();
  };

  /** Posts every held op, whether or not a batch is in flight (close() needs them all ahead of `close`). */
  private flushAll(): void {
    if (this.outbox.length === 0 || this.exited) return;
    const ops = this.outbox;
    this.outbox = [];
    this.inFlight += ops.length;
    this.worker.postMessage({ type: 'ops', ops } satisfies ToWriter);
  }

  stats(): WriterStats {
    return { ...this.lastStats };
  }

  health(): StoreHealth {
    if (this.failure) return { ok: false, reason: this.failure };
    if (this.closing) return { ok: false, reason: 'store is closed' };
    return { ok: true };
  }

  /** Answers every write sent so far, then stops the thread. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.exited) return;
    this.worker.ref();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.flushAll(); // ops accepted before close() are answered, not dropped
    this.worker.postMessage({ type: 'close' } satisfies ToWriter);
    if (!(await settlesWithin(exited, CLOSE_TIMEOUT_MS))) {
      this.log.error({ pending: this.pending.size }, 'SQLite writer did not finish within 10 s of close; terminating it');
      await this.worker.terminate();
    }
  }

  private listen(): void {
    this.worker.on('message', (message: FromWriter) => {
      if (message.type === 'results') {
        this.lastStats = message.stats;
        this.inFlight -= message.results.length;
        this.flush();
        for (const result of message.results) this.settle(result);
        if (this.pending.size === 0 && !this.closing) this.worker.unref();
      } else if (message.type === 'closed') {
        this.lastStats = message.stats;
      } else if (message.type === 'fatal') {
        this.failure = `SQLite writer failed: ${message.message}`;
      }
    });
    this.worker.on('error', (err) => {
      this.failure = `SQLite writer thread crashed: ${err.message}`;
      this.log.error({ err }, this.failure);
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.outbox = [];
      if (!this.closing && !this.failure) this.failure = `SQLite writer thread exited unexpectedly (code ${code})`;
      if (this.failure) this.log.error({ code, pending: this.pending.size }, `${this.failure}; the store is unavailable`);
      const reason = this.failure ?? 'SQLite writer stopped before answering';
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(new Error(reason));
      }
    });
  }

  private settle(result: OpResult): void {
    const pending = this.pending.get(result.id);
    if (!pending) return;
    this.pending.delete(result.id);
    if (result.ok) pending.resolve(result.value);
    else if (result.code === 'internal') pending.reject(new Error(`store write failed: ${result.message}`));
    else pending.reject(new AppError(result.code, result.message, result.reason ? { reason: result.reason } : undefined));
  }
}
