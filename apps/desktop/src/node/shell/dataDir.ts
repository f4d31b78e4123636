/**
 * Where the desktop app keeps its profile (cache, token, window state; Electron's
 * `userData`). By default Electron's per-user folder. `PARLEY_DESKTOP_DATA_DIR` picks
 * another one — a second account, a test run, `npm start --data-dir` — and with it a
 * separate single-instance lock, which Electron holds per profile.
 *
 * Not `PARLEY_DATA_DIR`: that is the server's data directory, and a desktop profile
 * must never land among the server's files. Electron's `app.setPath` throws for a
 * directory that does not exist and misbehaves with a relative one, so the path is made
 * absolute and created here first, and a path that cannot be a directory is an error
 * that names it.
 */
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export const DESKTOP_DATA_DIR_ENV = 'PARLEY_DESKTOP_DATA_DIR';

/** The absolute, existing profile directory to use, or null for Electron's default. */
export function resolveDesktopDataDir(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const raw = env[DESKTOP_DATA_DIR_ENV]?.trim();
  if (!raw) return null;
  const dir = resolve(cwd, raw);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`${DESKTOP_DATA_DIR_ENV}=${raw}: cannot create ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!statSync(dir).isDirectory()) throw new Error(`${DESKTOP_DATA_DIR_ENV}=${raw}: ${dir} is not a directory`);
  return dir;
}
