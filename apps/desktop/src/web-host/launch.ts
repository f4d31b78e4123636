/**
 * `npm start`: starts a Parley server (unless `--server URL` names one) and the desktop
 * app. The real Electron app runs when its binary and an Electron-built better-sqlite3
 * are present; otherwise one line says why and the web host serves the same app to a
 * browser instead, so the command always ends with a working UI and its URL.
 *
 *   --server URL     use a running server instead of starting one
 *   --data-dir DIR   where the server and the desktop instance keep data (default ./data/dev, git-ignored)
 *   --port N         web host port (default 0: any free port)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { abiMismatches, electronAbi } from '../node/native/nativeAbi.js';
import { startWebHost } from './host.js';

const desktopDir = fileURLToPath(new URL('../../', import.meta.url));
const repoRoot = resolve(desktopDir, '../..');
const children: ChildProcess[] = [];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

function startServer(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'apps/server/src/main.ts'), '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('the server did not start within 30 s')), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      if (out === '\0') return;
      out += d.toString();
      const m = /Parley server listening on (http:\/\/[^\s"]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        out = '\0';
        ok(m[1] as string);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited with ${code}`));
    });
  });
}

/** Why Electron cannot run here, or null if it can. */
async function electronUnavailable(): Promise<string | null> {
  let binary: string;
  try {
    binary = createRequire(join(desktopDir, 'package.json'))('electron') as string;
  } catch (err) {
    return `the Electron binary is not installed (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`;
  }
  if (!existsSync(binary)) return `the Electron binary is missing at ${binary}`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (DISPLAY is unset)';
  const abi = await electronAbi(join(desktopDir, 'package.json'));
  const sqlite = join(repoRoot, 'node_modules/better-sqlite3/build');
  const wrong = abi === null ? [] : await abiMismatches(sqlite, abi);
  if (wrong.length) return `better-sqlite3 is built for Node (ABI ${wrong[0]?.abi}), Electron needs ABI ${abi}; see apps/desktop/README.md "Native modules"`;
  return null;
}

async function main(): Promise<void> {
  const dataDir = resolve(arg('data-dir') ?? join(repoRoot, 'data', 'dev'));
  const serverUrl = arg('server') ?? (await startServer(join(dataDir, 'server')));
  console.log(`Parley server: ${serverUrl}`);

  const why = await electronUnavailable();
  if (!why) {
    await run('npm', ['run', 'build:main'], desktopDir);
    if (!existsSync(join(desktopDir, 'dist/renderer/index.html'))) await run('npm', ['run', 'build:renderer'], desktopDir);
    const electron = createRequire(join(desktopDir, 'package.json'))('electron') as string;
    const app = spawn(electron, [desktopDir], { stdio: 'inherit', env: { ...process.env, PARLEY_SERVER_URL: serverUrl } });
    children.push(app);
    app.on('exit', (code) => shutdown(code ?? 0));
    return;
  }

  console.log(`Electron cannot run here: ${why}. Starting the web host instead.`);
  const rendererDir = join(desktopDir, 'dist/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) await run('npm', ['run', 'build:renderer'], desktopDir);
  const host = await startWebHost({ dataDir: join(dataDir, 'desktop'), serverUrl, rendererDir, port: Number(arg('port') ?? 0) });
  console.log(`Parley web host listening on ${host.url} — open it in a browser.`);
  const stop = () => void host.close().finally(() => shutdown(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function shutdown(code: number): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(`parley start: ${err instanceof Error ? err.message : String(err)}`);
  shutdown(1);
});
