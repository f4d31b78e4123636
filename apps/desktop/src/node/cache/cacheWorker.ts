/**
 * Worker thread that owns the SQLite database (as Signal Desktop's SQL workers do):
 * better-sqlite3 is synchronous, so every query runs here and the main thread never
 * blocks on disk. Requests are processed one at a time, in arrival order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type Store, type StoreMethod } from './store.js';

export interface WorkerRequest {
  id: number;
  method: StoreMethod;
  args: unknown[];
}
export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('cacheWorker must run in a worker thread');
const { file, nativeBinding } = workerData as { file: string; nativeBinding: string | null };
let store: Store | null = openStore(file, nativeBinding);

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
});
