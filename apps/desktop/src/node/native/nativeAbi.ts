/**
 * Which runtime a native addon was built for, read from the file itself. Addons built
 * against V8/NAN (better-sqlite3 is one) export `node_register_module_v<ABI>`, where
 * ABI is NODE_MODULE_VERSION: 115 for Node 20, `node_modules/electron/abi_version` for
 * Electron. Loading a mismatched addon fails only at run time, on the user's machine;
 * reading the symbol lets a build check it first (see the README: native modules).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const SYMBOL = /node_register_module_v(\d+)/;

/** The NODE_MODULE_VERSION an addon was built for, or null for N-API/unknown addons. */
export async function addonAbi(file: string): Promise<number | null> {
  const bytes = await readFile(file);
  const m = SYMBOL.exec(bytes.toString('latin1'));
  return m ? Number(m[1]) : null;
}

/** Every `.node` file under `dir` (bounded depth: node_modules trees are deep but finite). */
export async function findAddons(dir: string, depth = 12): Promise<string[]> {
  if (depth < 0) return [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findAddons(path, depth - 1)));
    else if (entry.name.endsWith('.node')) found.push(path);
  }
  return found;
}

/** The Electron ABI of the `electron` package resolvable from `from` (a file path or URL), or null if none is. */
export async function electronAbi(from: string): Promise<number | null> {
  try {
    const pkg = createRequire(from).resolve('electron/package.json');
    return Number((await readFile(join(pkg, '..', 'abi_version'), 'utf8')).trim());
  } catch {
    return null;
  }
}

export interface AbiMismatch {
  file: string;
  abi: number;
}

/** Addons under `dir` built for another ABI than `expected` (the ones that would fail to load). */
export async function abiMismatches(dir: string, expected: number): Promise<AbiMismatch[]> {
  const out: AbiMismatch[] = [];
  for (const file of await findAddons(dir)) {
    const abi = await addonAbi(file);
    if (abi !== null && abi !== expected) out.push({ file, abi });
  }
  return out;
}
