/**
 * `npm run desktop`: the real Electron app from this checkout, or one line saying why
 * it cannot start (no binary, no display, better-sqlite3 not buildable for Electron).
 * Unlike `npm start` it starts no server and has no browser fallback: it is the command
 * for working on the Electron shell itself. Extra arguments go to Electron.
 *
 * `--prepare-only`: run the preflight (building better-sqlite3 for Electron if needed),
 * print `PARLEY_SQLITE_BINDING=<path>` and exit — for tools that launch Electron
 * themselves (the e2e suite with ELECTRON_PATH).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareElectronLaunch, SQLITE_BINDING_ENV } from '../node/native/electronPreflight.js';

const desktopDir = fileURLToPath(new URL('../../', import.meta.url));

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd: desktopDir, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const preflight = await prepareElectronLaunch({ desktopDir, env: process.env, platform: process.platform });
  if (!preflight.ok) {
    console.error(`npm run desktop: Electron cannot start: ${preflight.reason}`);
    process.exit(1);
  }
  if (process.argv.includes('--prepare-only')) {
    console.log(`${SQLITE_BINDING_ENV}=${preflight.sqliteBinding}`);
    return;
  }
  await run('npm', ['run', 'build:main']);
  if (!existsSync(join(desktopDir, 'dist/renderer/index.html'))) await run('npm', ['run', 'build:renderer']);
  const app = spawn(preflight.electron, [desktopDir, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [SQLITE_BINDING_ENV]: preflight.sqliteBinding },
  });
  app.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.kill(signal));
}

main().catch((err: unknown) => {
  console.error(`npm run desktop: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
