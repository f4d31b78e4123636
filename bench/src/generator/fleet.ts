/**
 * The coordinator's handle on its generator processes. Each worker is spawned under
 * `taskset` on the generator cores and answers one command at a time over IPC.
 * Several workers are used when one process would pass the 20,000 open-files cap or
 * when more than one generator core is given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { Command, Reply } from './messages.js';

const WORKER_SRC = fileURLToPath(new URL('./worker.ts', import.meta.url));
let workerBundle: string | null = null;

/**
 * The worker bundled once per process with esbuild, so each generator process starts as
 * plain JavaScript instead of compiling TypeScript on start (a second per process here).
 * Self-contained (hdr-histogram-js inside; sockets are wireSocket.ts on node:net), so it
 * can live in the temp dir, away from the linted tree.
 */
function workerEntry(): string {
  if (workerBundle) return workerBundle;
  const out = join(tmpdir(), `parley-bench-worker-${process.pid}.mjs`);
  buildSync({
    entryPoints: [WORKER_SRC], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error',
    // CommonJS dependencies bundled into ESM need a `require` for Node built-ins.
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  process.once('exit', () => rmSync(out, { force: true }));
  return (workerBundle = out);
}
/** Sockets per worker: under the 20k open-files cap with room for the process's own files. */
export const MAX_SOCKETS_PER_WORKER = 15_000;

interface Worker {
  child: ChildProcess;
  pid: number;
  waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null;
}

export class Fleet {
  private constructor(private readonly workers: Worker[]) {}

  static async start(count: number, cpus: string): Promise<Fleet> {
    const workers = await Promise.all(
      Array.from({ length: count }, () =>
        new Promise<Worker>((resolve, reject) => {
          const child = spawn('taskset', ['-c', cpus, process.execPath, workerEntry()], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          const w: Worker = { child, pid: 0, waiting: null };
          child.once('error', reject);
          child.on('exit', (code) => w.waiting?.reject(new Error(`generator worker exited with ${code}`)));
          child.on('message', (r: Reply) => {
            if (r.op === 'ready') {
              w.pid = r.pid;
              return resolve(w);
            }
            const waiting = w.waiting;
            w.waiting = null;
            if (r.op === 'fatal') waiting?.reject(new Error(`generator worker: ${r.message}`));
            else waiting?.resolve(r);
          });
        }),
      ),
    );
    return new Fleet(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid);
  }

  /** Sends each worker its command (null: skip that worker) and waits for every reply. */
  async each<R extends Reply>(cmd: (i: number) => Command | null): Promise<R[]> {
    const replies = await Promise.all(
      this.workers.map((w, i) => {
        const c = cmd(i);
        if (!c) return Promise.resolve(null);
        return new Promise<Reply>((resolve, reject) => {
          w.waiting = { resolve, reject };
          w.child.send(c);
        });
      }),
    );
    return replies.filter((r): r is R => r !== null);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null) return resolve();
            w.child.once('exit', () => resolve());
            w.child.disconnect();
            setTimeout(() => w.child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  }
}
