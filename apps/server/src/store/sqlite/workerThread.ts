/**
 * How the store's worker threads (the writer, the search indexer) are started, and a bounded wait for them.
 *
 * Under tsx and vitest the starting module is TypeScript source (`import.meta.url` ends
 * in `.ts`), and a worker thread inherits neither vitest's transform nor tsx's hooks:
 * Node 20 does not apply loader hooks passed as a worker's `--import` to the worker's own
 * entry (tried: "Unknown file extension .ts"). So a two-line eval worker loads tsx's API
 * and imports the `.ts` entry through it. Once built (an esbuild bundle or tsc output)
 * the starting module is JavaScript and the worker is `<name>.js` in the directory of
 * the file that code ended up in: a bundle must emit each worker source as an entry
 * point next to the main bundle (see package.json's build script).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface WorkerEntry {
  entry: URL | string;
  eval: boolean;
}

/** The entry for worker `<name>.ts` / `<name>.js` living beside the module at `here`. */
export function workerEntry(here: string, name: string): WorkerEntry {
  const isSource = here.endsWith('.ts');
  const worker = new URL(`./${name}${isSource ? '.ts' : '.js'}`, here);
  if (!isSource) return { entry: worker, eval: false };
  const tsxApi = tsxEsmApi(here);
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(worker.href)}, ${JSON.stringify(here)}));`;
  return { entry: code, eval: true };
}

/** tsx's ESM API entry (its CommonJS twin breaks when imported from an eval worker). */
function tsxEsmApi(from: string): string {
  const pkgPath = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = pkg.exports['./esm/api']?.import?.default;
  if (!entry) throw new Error(`tsx at ${pkgPath} has no ESM API export`);
  return new URL(entry, pathToFileURL(pkgPath)).href;
}

/** Waits for `promise` to settle, `ms` at most; true if it settled in time. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
