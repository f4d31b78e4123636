/**
 * The main thread's handle on the cache: every Store method, made async, answered by
 * the cache worker. Calls are delivered in order, so a write followed by a read sees
 * the write.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store, StoreMethod } from './store.js';
import type { WorkerRequest, WorkerResponse } from './cacheWorker.js';

export type CacheClient = {
  [K in StoreMethod]: Store[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
} & { terminate(): Promise<void> };

export interface WorkerEntry {
  url: URL;
  /** The entry is TypeScript source: load it through tsx's loader hooks. */
  viaTsx: boolean;
  /**
   * A better-sqlite3 addon to load instead of the one in node_modules: the Electron
   * build when running `electron .` from a checkout (see native/electronPreflight.ts).
   */
  nativeBinding?: string;
}

/**
 * Where the worker's code is. From source (tests, the web host under tsx) it is the
 * .ts file run through tsx; in the bundled app it is `cacheWorker.mjs` beside the
 * main bundle (the Electron shell passes its own path, outside the asar).
 */
export function defaultWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { url: new URL('./cacheWorker.ts', here), viaTsx: true };
  return { url: new URL('./cacheWorker.mjs', here), viaTsx: false };
}

function startWorker(entry: WorkerEntry, file: string): Worker {
  const workerData = { file, nativeBinding: entry.nativeBinding ?? null };
  if (!entry.viaTsx) return new Worker(entry.url, { workerData });
  // `--import tsx` in execArgv does not reach a worker's entry module on Node 20, so a
  // tiny bootstrap registers tsx's hooks first and then imports the TypeScript entry.
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const source = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry.url.href)}); })`;
  return new Worker(source, { eval: true, workerData });
}

export async function openCache(file: string, entry: WorkerEntry = defaultWorkerEntry()): Promise<CacheClient> {
  const worker = startWorker(entry, file);
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let failure: Error | null = null;

  const failAll = (err: Error) => {
    failure = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (res: WorkerResponse) => {
    const p = pending.get(res.id);
    if (!p) return;
    pending.delete(res.id);
    if (res.ok) p.resolve(res.value);
    else p.reject(Object.assign(new Error(res.error.message), { name: res.error.name, stack: res.error.stack }));
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`cache worker exited with code ${code}`)));

  const call = (method: StoreMethod, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args } satisfies WorkerRequest);
    });

  const terminate = async () => {
    if (!failure) await call('close', []).catch(() => undefined);
    await worker.terminate();
  };
  const client = new Proxy({} as CacheClient, {
    get(_target, prop) {
      if (prop === 'terminate') return terminate;
      if (prop === 'then') return undefined; // not a thenable
      return (...args: unknown[]) => call(prop as StoreMethod, args);
    },
  });
  // The first round trip proves the worker opened and migrated the database.
  await client.settings();
  return client;
}
