/**
 * The real main-process bundle (src/electron-main, built as build:main builds it) run
 * under Node against test/fakeElectron.ts, since no Electron binary exists here. It
 * checks the glue's ordering, which typechecking cannot: the profile folder, no window
 * before every IPC handler exists, a deep link from a second instance that starts while
 * the app is still starting, the window shown only at ready-to-show, and a clean quit.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BRIDGE_CALL_NAMES } from '../src/common/bridge.js';

type Fake = { kind: string; [key: string]: any };
const desktopDir = fileURLToPath(new URL('../', import.meta.url));
let appDir: string;

beforeAll(async () => {
  appDir = join(mkdtempSync(join(tmpdir(), 'parley-main-')), 'app');
  const banner = { js: "import { createRequire as __parleyRequire } from 'node:module'; const require = __parleyRequire(import.meta.url);" };
  await build({ entryPoints: [join(desktopDir, 'src/electron-main/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm', outfile: join(appDir, 'dist/electron-main/main.mjs'), external: ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'], banner, logLevel: 'warning' });
  await build({ entryPoints: [join(desktopDir, 'src/node/cache/cacheWorker.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: join(appDir, 'dist/electron-main/cacheWorker.cjs'), external: ['better-sqlite3'], logLevel: 'warning' });
  await build({ entryPoints: [join(desktopDir, 'test/fakeElectron.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm', outfile: join(appDir, 'node_modules/electron/index.mjs'), logLevel: 'warning' });
  writeFileSync(join(appDir, 'node_modules/electron/package.json'), JSON.stringify({ name: 'electron', type: 'module', exports: './index.mjs' }));
  const sqlite = dirname(createRequire(join(desktopDir, 'package.json')).resolve('better-sqlite3/package.json'));
  symlinkSync(sqlite, join(appDir, 'node_modules/better-sqlite3'), 'dir');
  mkdirSync(join(appDir, 'dist/renderer'), { recursive: true });
}, 120_000);

/** Runs main.mjs; quits it (SIGTERM → before-quit) once `until` holds. */
function runMain(opts: { args: string[]; env: Record<string, string>; until: (events: Fake[]) => boolean }): Promise<{ events: Fake[]; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const home = dirname(appDir);
    const child = spawn(process.execPath, [join(appDir, 'dist/electron-main/main.mjs'), ...opts.args], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, ...opts.env },
    });
    const events: Fake[] = [];
    let output = '';
    let asked = false;
    const onLine = (line: string) => {
      output += `${line}\n`;
      if (!line.startsWith('FAKE ')) return;
      events.push(JSON.parse(line.slice(5)) as Fake);
      if (!asked && opts.until(events)) {
        asked = true;
        child.kill('SIGTERM');
      }
    };
    let buffer = '';
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ events, code, output }));
  });
}

const indexOf = (events: Fake[], pred: (e: Fake) => boolean) => events.findIndex(pred);

describe('electron-main under a fake Electron', () => {
  it('starts in order and takes a deep link from a second instance launched during start-up', async () => {
    const { events, code, output } = await runMain({
      args: ['parley://chat/7'],
      env: { PARLEY_DESKTOP_DATA_DIR: 'profiles/ada', FAKE_ELECTRON_SCENARIO: JSON.stringify({ secondInstanceArgv: ['/opt/Parley/parley', 'parley://chat/9'] }) },
      until: (ev) => ev.some((e) => e.kind === 'window.show') && ev.some((e) => e.kind === 'webContents.send' && e.channel === 'parley:event.navigate'),
    });
    expect(code, output).toBe(0);

    // A relative profile folder is made absolute and created before setPath (which would throw).
    const setPath = events.find((e) => e.kind === 'app.setPath');
    expect(setPath).toMatchObject({ name: 'userData', path: join(dirname(appDir), 'profiles/ada') });
    expect(existsSync(setPath?.path)).toBe(true);

    // One window, created after ready and after every IPC handler, hidden, on the dark theme's background.
    const windows = events.filter((e) => e.kind === 'BrowserWindow.new');
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ show: false, backgroundColor: '#0f1117', handlers: BRIDGE_CALL_NAMES.length });
    expect(indexOf(events, (e) => e.kind === 'BrowserWindow.new')).toBeGreaterThan(indexOf(events, (e) => e.kind === 'app.ready'));

    // The newest link (the second instance's) reaches the renderer once, after its snapshot.
    const navigations = events.filter((e) => e.kind === 'webContents.send' && e.channel === 'parley:event.navigate');
    expect(navigations.map((e) => e.payload)).toEqual([{ kind: 'chat', chatId: 9 }]);
    expect(indexOf(events, (e) => e.channel === 'parley:event.navigate')).toBeGreaterThan(indexOf(events, (e) => e.kind === 'renderer.snapshot'));

    // Shown at ready-to-show, never before.
    expect(indexOf(events, (e) => e.kind === 'window.show')).toBeGreaterThan(indexOf(events, (e) => e.kind === 'window.ready-to-show'));

    expect(events.find((e) => e.kind === 'app.setAsDefaultProtocolClient')).toMatchObject({ protocol: 'parley' });
    // The tray offers do-not-disturb (a synced preference), off to begin with.
    const menu = events.filter((e) => e.kind === 'tray.menu').at(-1);
    expect(menu?.items.find((i: { label?: string }) => i.label === 'Do not disturb: off')?.submenu).toEqual([
      { label: 'Off', checked: true },
      { label: 'For 1 hour', checked: false },
      { label: 'For 8 hours', checked: false },
      { label: 'Until I turn it off', checked: false },
    ]);
    // Start at login is off by default: no autostart entry on Linux.
    expect(existsSync(join(dirname(appDir), '.config/autostart/parley.desktop'))).toBe(false);
    // Quit waits for the core to close, then exits 0.
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['app.before-quit', 'app.before-quit.deferred', 'app.exit']));
  }, 60_000);

  it('turning on start at login writes the XDG autostart entry (Linux), starting to the tray', async () => {
    const home = dirname(appDir);
    const entry = join(home, '.config/autostart/parley.desktop');
    const { code, output } = await runMain({
      args: [],
      env: { PARLEY_DESKTOP_DATA_DIR: 'profiles/login', FAKE_ELECTRON_SCENARIO: JSON.stringify({ settingsUpdate: { startAtLogin: true } }) },
      until: (ev) => ev.some((e) => e.kind === 'renderer.settingsUpdated'),
    });
    expect(code, output).toBe(0);
    expect(readFileSync(entry, 'utf8')).toContain(`Exec=${process.execPath} --autostart\n`);
    rmSync(entry);
  }, 60_000);

  it('a link clicked in the renderer opens in the browser through shell.openExternal, http(s) only', async () => {
    const links = ['https://example.com/docs?a=1', 'javascript:alert(1)', 'file:///etc/passwd'];
    const { events, code, output } = await runMain({
      args: [],
      env: { PARLEY_DESKTOP_DATA_DIR: 'profiles/links', FAKE_ELECTRON_SCENARIO: JSON.stringify({ openLinks: links }) },
      until: (ev) => ev.filter((e) => e.kind === 'renderer.linkClicked').length === links.length,
    });
    expect(code, output).toBe(0);
    expect(events.filter((e) => e.kind === 'shell.openExternal').map((e) => e.url)).toEqual(['https://example.com/docs?a=1']);
    const clicked = events.filter((e) => e.kind === 'renderer.linkClicked');
    expect(clicked.map((e) => e.result.ok)).toEqual([true, false, false]);
    expect(clicked[1]?.result.error.code).toBe('invalid');
  }, 60_000);

  it('exits 1 naming the variable when the profile folder cannot be created, opening nothing', async () => {
    const file = join(dirname(appDir), 'not-a-dir');
    writeFileSync(file, 'x');
    const { events, code, output } = await runMain({ args: [], env: { PARLEY_DESKTOP_DATA_DIR: join(file, 'profile') }, until: () => false });
    expect(code).toBe(1);
    expect(output).toContain('PARLEY_DESKTOP_DATA_DIR=');
    expect(events.some((e) => e.kind === 'BrowserWindow.new' || e.kind === 'app.setPath')).toBe(false);
  }, 60_000);
});
