/**
 * Packaging smoke test: electron-builder 26 with this repository's electron-builder.yml,
 * offline. No Electron binary can be downloaded here, so `electronDist` is a folder
 * holding a stub `electron` executable and `resources/`; the `dir` target then packs the
 * real app (asar, unpacked natives, afterPack ABI check, update config) in seconds.
 * Installer targets (deb, AppImage) need tools electron-builder downloads and are not
 * run here; what they read (homepage, author e-mail, icons, executable name) is checked.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { iconFiles } from '../src/electron-main/packaging/appIcon.js';

const desktopDir = fileURLToPath(new URL('../', import.meta.url));
const repoRoot = join(desktopDir, '../..');
const builder = join(repoRoot, 'node_modules/.bin/electron-builder');

/** Reads one file from an asar archive (header: pickled JSON of the tree, then file bytes). */
function readAsar(archive: string, path: string): Buffer | null {
  const buf = readFileSync(archive);
  const headerSize = buf.readUInt32LE(4);
  const jsonSize = buf.readUInt32LE(12);
  type Node = { files?: Record<string, Node>; offset?: string; size?: number; unpacked?: boolean };
  let node: Node | undefined = JSON.parse(buf.subarray(16, 16 + jsonSize).toString('utf8')) as Node;
  for (const part of path.split('/')) node = node?.files?.[part];
  if (!node || node.offset === undefined || node.size === undefined) return null;
  const start = 8 + headerSize + Number(node.offset);
  return buf.subarray(start, start + node.size);
}

function stubElectronDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-electron-dist-'));
  mkdirSync(join(dir, 'resources'));
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(dir, 'electron'), 0o755);
  return dir;
}

function pack(env: NodeJS.ProcessEnv = {}) {
  const out = mkdtempSync(join(tmpdir(), 'parley-pack-'));
  const result = spawnSync(
    builder,
    [
      '--config', 'electron-builder.yml', '--linux', 'dir', '--publish', 'never',
      `-c.electronDist=${stubElectronDist()}`,
      // The rebuild would need Electron's headers (unreachable here); the ABI check below covers the result.
      '-c.npmRebuild=false',
      `-c.directories.output=${out}`,
      '-c.publish.provider=generic',
      '-c.publish.url=https://updates.example.org/desktop/',
    ],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env } },
  );
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, appDir: join(out, 'linux-unpacked') };
}

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build:main'], { cwd: desktopDir, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build:main failed:\n${build.stderr}`);
}, 120_000);

describe('electron-builder --linux dir', () => {
  it('packs the app: lower-case executable, bundles in the asar, natives unpacked, generic update feed', () => {
    const { status, output, appDir } = pack({ PARLEY_SKIP_ABI_CHECK: '1' });
    expect(status, output).toBe(0);
    expect(statSync(join(appDir, 'parley')).mode & 0o111).not.toBe(0);
    const asar = join(appDir, 'resources/app.asar');
    const pkg = JSON.parse(readAsar(asar, 'package.json')?.toString('utf8') ?? '{}') as { main?: string; homepage?: string; author?: { email?: string } };
    expect(pkg.main).toBe('dist/electron-main/main.mjs');
    // The deb target (fpm) refuses to build without these.
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(pkg.author?.email).toMatch(/@/);
    expect(readAsar(asar, 'dist/electron-main/main.mjs')?.length).toBeGreaterThan(1000);
    expect(readAsar(asar, 'dist/preload/index.cjs')).not.toBeNull();
    expect(existsSync(join(appDir, 'resources/app.asar.unpacked/dist/electron-main/cacheWorker.cjs'))).toBe(true);
    expect(existsSync(join(appDir, 'resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    const updateConfig = readFileSync(join(appDir, 'resources/app-update.yml'), 'utf8');
    expect(updateConfig).toContain('provider: generic');
    expect(updateConfig).toContain('url: https://updates.example.org/desktop/');
  }, 180_000);

  it('refuses to ship better-sqlite3 built for Node instead of Electron', () => {
    const { status, output } = pack();
    expect(status).not.toBe(0);
    expect(output).toMatch(/native addons not built for Electron \(ABI \d+\)/);
    expect(output).toMatch(/better_sqlite3\.node: ABI 115/);
  }, 180_000);
});

describe('app icons', () => {
  it('build-resources holds exactly what appIcon.ts draws (run `npm run icons -w @parley/desktop` after changing it)', () => {
    for (const [name, png] of iconFiles()) {
      expect(readFileSync(join(desktopDir, 'build-resources', name)).equals(png), name).toBe(true);
    }
  });
  it('are PNGs of the size their name says', () => {
    const png = readFileSync(join(desktopDir, 'build-resources/icons/256x256.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([256, 256]);
  });
});
