/**
 * The data directory holds the database, uploaded files and the token-signing secret:
 * nobody but the server's own user may read any of it. Directories are 0700 and files
 * 0600 — created that way, and tightened (with a warning) when an older install or a
 * permissive umask left them open. A secret file others can read is refused outright:
 * anyone who read it could mint tokens for every account, so a warning would be too late.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Something was more open than it should be and has been tightened (or could not be). */
export interface ModeWarning {
  path: string;
  was: string;
  tightened: boolean;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function tighten(path: string, wanted: number): ModeWarning | null {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  try {
    chmodSync(path, wanted);
    return { path, was: octal(mode), tightened: true };
  } catch {
    return { path, was: octal(mode), tightened: false };
  }
}

/** Creates `dir` (and parents) as 0700, or tightens an existing one. */
export function ensurePrivateDir(dir: string): ModeWarning | null {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return tighten(dir, PRIVATE_DIR_MODE);
}

/** Creates an empty 0600 file if none exists (so SQLite never creates it with the umask), or tightens it. */
export function ensurePrivateFile(file: string): ModeWarning | null {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  return tighten(file, PRIVATE_FILE_MODE);
}

/** Tightens a file only if it exists (SQLite's -wal and -shm companions). */
export function tightenIfPresent(file: string): ModeWarning | null {
  try {
    return tighten(file, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The one-line reason a secret file must not be used, or null when only its owner (and group) can read it. */
export function worldReadableSecret(file: string): string | null {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o006) === 0) return null;
  return `refusing to start: ${file} is readable by other users (mode ${octal(mode)}); run: chmod 600 ${file}`;
}

/**
 * Makes the data directory, its uploads folder and (for SQLite) the database files
 * private. Returns what had to be tightened, for the caller to log.
 */
export function secureDataDir(dataDir: string, opts: { sqlite: boolean }): ModeWarning[] {
  const warnings = [ensurePrivateDir(dataDir), ensurePrivateDir(join(dataDir, 'uploads'))];
  if (opts.sqlite) {
    // The database and its search index (store/sqlite/sqliteStore.ts names both).
    for (const name of ['parley.db', 'parley-search.db']) {
      const db = join(dataDir, name);
      warnings.push(ensurePrivateFile(db), tightenIfPresent(`${db}-wal`), tightenIfPresent(`${db}-shm`));
    }
  }
  warnings.push(tightenIfPresent(join(dataDir, 'jwt-secret')));
  return warnings.filter((w): w is ModeWarning => w !== null);
}
