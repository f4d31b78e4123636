/**
 * The launch preflight against this checkout's real electron package. No Electron
 * binary can be installed here, so the "binary present" paths use a stand-in file via
 * ELECTRON_PATH; the rebuild is pointed at a closed local port for its headers, which
 * is exactly the offline failure a user without access to electronjs.org gets.
 */
import { createServer } from 'node:net';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electronAddonPath, findElectron, prepareElectronLaunch } from './electronPreflight.js';

const desktopDir = fileURLToPath(new URL('../../../', import.meta.url));

function fakeElectron(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'parley-fake-electron-')), 'electron');
  writeFileSync(file, '#!/bin/sh\nexit 0\n');
  chmodSync(file, 0o755);
  return file;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

describe('findElectron', () => {
  it('reads the pinned electron package’s version and ABI', () => {
    const electron = findElectron(desktopDir, {});
    expect(electron?.version).toMatch(/^41\./);
    expect(electron?.abi).toBeGreaterThan(115);
  });
  it('uses ELECTRON_PATH when set, and says when it does not exist', () => {
    const path = fakeElectron();
    expect(findElectron(desktopDir, { ELECTRON_PATH: path })?.binary).toEqual({ path });
    expect(findElectron(desktopDir, { ELECTRON_PATH: '/nonexistent/electron' })?.binary).toEqual({ missing: 'ELECTRON_PATH=/nonexistent/electron does not exist' });
  });
});

describe('prepareElectronLaunch', () => {
  it('without a binary: one line saying so', async () => {
    const result = await prepareElectronLaunch({ desktopDir, env: { ELECTRON_PATH: '/nonexistent/electron', DISPLAY: ':0' }, platform: 'linux' });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^ELECTRON_PATH=\/nonexistent\/electron does not exist; /) });
    if (!result.ok) expect(result.reason).not.toContain('\n');
  });

  it('without a display on Linux: one line saying so', async () => {
    const result = await prepareElectronLaunch({ desktopDir, env: { ELECTRON_PATH: fakeElectron() }, platform: 'linux' });
    expect(result).toEqual({ ok: false, reason: 'there is no display (DISPLAY is unset)' });
  });

  it('with unreachable Electron headers: a one-line error naming the headers, and no Node-ABI addon passed off as Electron’s', async () => {
    const port = await closedPort();
    const result = await prepareElectronLaunch({ desktopDir, env: { ELECTRON_PATH: fakeElectron(), DISPLAY: ':0' }, platform: 'linux', headersUrl: `http://127.0.0.1:${port}/headers` });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/^could not build better-sqlite3 for Electron 41\.\S+ \(ABI \d+\) — Electron headers from http:\/\/127\.0\.0\.1:\d+\/headers are needed: downloading http:\/\/127\.0\.0\.1:\d+\/headers\/v41\.\S+-headers\.tar\.gz failed$/);
    expect(result.reason).not.toContain('\n');
    const electron = findElectron(desktopDir, {});
    expect(existsSync(electronAddonPath(desktopDir, electron?.version ?? ''))).toBe(false);
  }, 120_000);

  it('keeps the Electron build apart from node_modules', () => {
    expect(electronAddonPath(desktopDir, '41.10.0')).toBe(join(desktopDir, '.electron-native/electron-41.10.0/better-sqlite3/build/Release/better_sqlite3.node'));
  });
});
