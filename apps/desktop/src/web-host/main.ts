/**
 * `node --import tsx apps/desktop/src/web-host/main.ts --server http://127.0.0.1:P
 *  --data-dir DIR --port 0` — one desktop "instance" (its own cache) served to a browser.
 * Prints `Parley web host listening on http://127.0.0.1:<port>` once ready.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost } from './host.js';

const USAGE = 'usage: web-host --data-dir DIR [--server http://127.0.0.1:PORT] [--port 0] [--renderer DIR]';

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${USAGE}`);
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value\n${USAGE}`);
    out[key] = value;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args['data-dir']) throw new Error(USAGE);
  const rendererDir = resolve(args.renderer ?? fileURLToPath(new URL('../../dist/renderer', import.meta.url)));
  const host = await startWebHost({
    dataDir: resolve(args['data-dir']),
    rendererDir,
    port: Number(args.port ?? 0),
    ...(args.server ? { serverUrl: args.server } : {}),
  });
  process.stdout.write(`${JSON.stringify({ msg: 'web host ready', url: host.url })}\nParley web host listening on ${host.url}\n`);
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`web-host: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
