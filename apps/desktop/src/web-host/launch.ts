/**
 * `npm start`: starts a Parley server (unless `--server URL` names one) and the desktop
 * app. The real Electron app runs when its binary and a display are present (building
 * better-sqlite3 for Electron first if needed, see native/electronPreflight.ts);
 * otherwise one line says why and the web host serves the same app to a
 * browser instead, so the command always ends with a working UI and its URL.
 *
 *   --server URL     use a running server instead of starting one
 *   --data-dir DIR   where the server and the desktop instance keep data (default ./data/dev, git-ignored)
 *   --port N         web host port (default 0: any free port)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareElectronLaunch, SQLITE_BINDING_ENV } from '../node/native/electronPreflight.js';
import { DESKTOP_DATA_DIR_ENV } from '../node/shell/dataDir.js';
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

async function main(): Promise<void> {
  const dataDir = resolve(arg('data-dir') ?? join(repoRoot, 'data', 'dev'));
  const serverUrl = arg('server') ?? (await startServer(join(dataDir, 'server')));
  console.log(`Parley server: ${serverUrl}`);

  const preflight = await prepareElectronLaunch({ desktopDir, env: process.env, platform: process.platform });
  if (preflight.ok) {
    await run('npm', ['run', 'build:main'], desktopDir);
    if (!existsSync(join(desktopDir, 'dist/renderer/index.html'))) await run('npm', ['run', 'build:renderer'], desktopDir);
    // Each --data-dir is its own desktop profile, so its own single-instance lock: two
    // `npm start --data-dir` runs are two apps, not a second run handing over to the first.
    const env = { ...process.env, PARLEY_SERVER_URL: serverUrl, [DESKTOP_DATA_DIR_ENV]: join(dataDir, 'desktop'), [SQLITE_BINDING_ENV]: preflight.sqliteBinding };
    const app = spawn(preflight.electron, [desktopDir], { stdio: 'inherit', env });
    children.push(app);
    app.on('exit', (code) => shutdown(code ?? 0));
    return;
  }

  console.log(`Electron cannot run here: ${preflight.reason}. Starting the web host instead.`);
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
