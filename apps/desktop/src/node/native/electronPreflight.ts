/**
 * Can the real Electron app start from this checkout, and if not, why — in one line.
 * Used by `npm run desktop` (which must start Electron or fail clearly) and `npm start`
 * (which falls back to the web host).
 *
 * The native-module problem: `node_modules/better-sqlite3` is built for Node (the
 * server, tests and web host load it), and Electron cannot load it (another ABI). The
 * Electron build lives apart, in `apps/desktop/.electron-native/`, built from the same
 * sources against Electron's headers, and the shell passes its path to better-sqlite3's
 * `nativeBinding` option (PARLEY_SQLITE_BINDING), so neither runtime breaks the other.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { addonAbi } from './nativeAbi.js';

export const SQLITE_BINDING_ENV = 'PARLEY_SQLITE_BINDING';
export const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

export interface ElectronInstall {
  version: string;
  abi: number;
  /** The binary, or why there is none. */
  binary: { path: string } | { missing: string };
}

/**
 * What `electron` resolves to from `desktopDir`: the npm package's version and ABI, and
 * its binary — `ELECTRON_PATH` if set (an Electron of the same version installed
 * elsewhere), else the one the package's installer downloaded.
 */
export function findElectron(desktopDir: string, env: NodeJS.ProcessEnv = process.env): ElectronInstall | null {
  const req = createRequire(join(desktopDir, 'package.json'));
  let pkgFile: string;
  try {
    pkgFile = req.resolve('electron/package.json');
  } catch {
    return null;
  }
  const version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string }).version;
  const abi = Number(readFileSync(join(dirname(pkgFile), 'abi_version'), 'utf8').trim());
  let binary: ElectronInstall['binary'];
  if (env.ELECTRON_PATH) {
    binary = existsSync(env.ELECTRON_PATH) ? { path: env.ELECTRON_PATH } : { missing: `ELECTRON_PATH=${env.ELECTRON_PATH} does not exist` };
    return { version, abi, binary };
  }
  try {
    const path = req('electron') as string;
    binary = existsSync(path) ? { path } : { missing: `the Electron binary is missing at ${path}` };
  } catch (err) {
    binary = { missing: `the Electron binary is not installed (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})` };
  }
  return { version, abi, binary };
}

/** Where the Electron build of better-sqlite3 for this Electron version lives. */
export function electronAddonPath(desktopDir: string, electronVersion: string): string {
  return join(desktopDir, '.electron-native', `electron-${electronVersion}`, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/** The Electron build of better-sqlite3 if one exists and really is built for `abi`. */
export async function usableElectronAddon(file: string, abi: number): Promise<boolean> {
  return existsSync(file) && (await addonAbi(file)) === abi;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => resolve({ code: -1, output: err.message }));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The most telling part of node-gyp's output: usually the headers download that failed. */
function gypReason(output: string): string {
  const download = [...output.matchAll(/gyp http GET (\S+)/g)].at(-1)?.[1];
  const failedDownload = /rolling back install|network connectivity|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT|\b40[34]\b/.test(output);
  if (download && failedDownload) return `downloading ${download} failed`;
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.find((l) => l.startsWith('gyp ERR! stack Error:')) ?? lines.find((l) => l.startsWith('gyp ERR!')) ?? lines.at(-1);
  return (err ?? 'node-gyp printed nothing').replace(/^gyp ERR! (stack )?/, '').slice(0, 200);
}

/**
 * Builds better-sqlite3 for Electron into `electronAddonPath` from the workspace's
 * sources, with node-gyp against Electron's headers. `nodedir` is removed from the
 * environment on purpose: with it (this machine's ~/.npmrc sets nodedir=/usr) node-gyp
 * "succeeds" building for Node's ABI. The result's ABI is checked either way.
 */
export async function buildElectronAddon(opts: { desktopDir: string; electron: ElectronInstall; headersUrl?: string }): Promise<{ ok: true; file: string } | { ok: false; reason: string }> {
  const { desktopDir, electron } = opts;
  const req = createRequire(join(desktopDir, 'package.json'));
  const sources = dirname(req.resolve('better-sqlite3/package.json'));
  const target = dirname(dirname(dirname(electronAddonPath(desktopDir, electron.version))));
  const gyp = findNodeGyp();
  if (!gyp) return { ok: false, reason: 'node-gyp was not found (it ships with npm)' };
  await rm(target, { recursive: true, force: true });
  await mkdir(dirname(target), { recursive: true });
  await cp(sources, target, { recursive: true, filter: (src) => !src.startsWith(join(sources, 'build')) });

  const env: NodeJS.ProcessEnv = { ...process.env };
  // npm passes its config to scripts as npm_config_*: a nodedir would build for Node, and
  // a quiet loglevel (`npm run --silent`) would hide which download failed.
  for (const key of Object.keys(env)) if (/^npm_config_(nodedir|dist_url|target|runtime|loglevel)$/i.test(key)) delete env[key];
  const headersUrl = opts.headersUrl ?? ELECTRON_HEADERS_URL;
  const args = [gyp, 'rebuild', '--release', `--target=${electron.version}`, `--dist-url=${headersUrl}`, `--devdir=${join(desktopDir, '.electron-native', 'headers')}`];
  const { code, output } = await run(process.execPath, args, target, env);
  const file = electronAddonPath(desktopDir, electron.version);
  if (code !== 0) {
    return { ok: false, reason: `could not build better-sqlite3 for Electron ${electron.version} (ABI ${electron.abi}) — Electron headers from ${headersUrl} are needed: ${gypReason(output)}` };
  }
  const abi = existsSync(file) ? await addonAbi(file) : null;
  if (abi !== electron.abi) return { ok: false, reason: `built better-sqlite3 for ABI ${abi ?? 'unknown'}, Electron ${electron.version} needs ABI ${electron.abi} (is a nodedir set in ~/.npmrc?)` };
  return { ok: true, file };
}

/** npm's bundled node-gyp (npm sets npm_config_node_gyp for scripts), or the one beside this Node's npm. */
function findNodeGyp(): string | null {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

export type LaunchPreflight = { ok: true; electron: string; sqliteBinding: string } | { ok: false; reason: string };

/**
 * Everything `electron .` needs from this checkout: the binary, a display (Linux), and
 * better-sqlite3 built for Electron (built now if missing and the headers are reachable).
 */
export async function prepareElectronLaunch(opts: { desktopDir: string; env: NodeJS.ProcessEnv; platform: NodeJS.Platform; headersUrl?: string }): Promise<LaunchPreflight> {
  const electron = findElectron(opts.desktopDir, opts.env);
  if (!electron) return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  if ('missing' in electron.binary) return { ok: false, reason: `${electron.binary.missing}; set ELECTRON_PATH or reinstall electron where GitHub is reachable` };
  if (opts.platform === 'linux' && !opts.env.DISPLAY && !opts.env.WAYLAND_DISPLAY) return { ok: false, reason: 'there is no display (DISPLAY is unset)' };
  const addon = electronAddonPath(opts.desktopDir, electron.version);
  if (await usableElectronAddon(addon, electron.abi)) return { ok: true, electron: electron.binary.path, sqliteBinding: addon };
  const built = await buildElectronAddon({ desktopDir: opts.desktopDir, electron, ...(opts.headersUrl ? { headersUrl: opts.headersUrl } : {}) });
  return built.ok ? { ok: true, electron: electron.binary.path, sqliteBinding: built.file } : { ok: false, reason: built.reason };
}
