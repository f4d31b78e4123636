import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyXdgAutostart, desktopEntry, launchCommand, loginItemPlan } from './loginItem.js';

describe('launchCommand', () => {
  it('is the installed binary in a packaged app', () => {
    expect(launchCommand({ execPath: '/opt/Parley/parley', env: {}, defaultApp: false, appPath: '/opt/Parley/resources/app.asar' })).toEqual({ executable: '/opt/Parley/parley', args: [] });
  });
  it('is electron plus the app folder in development', () => {
    expect(launchCommand({ execPath: '/x/electron', env: {}, defaultApp: true, appPath: '/src/apps/desktop' })).toEqual({ executable: '/x/electron', args: ['/src/apps/desktop'] });
  });
  it('is the AppImage file, not its temporary mount', () => {
    expect(launchCommand({ execPath: '/tmp/.mount_Parl/parley', env: { APPIMAGE: '/home/a/Parley.AppImage' }, defaultApp: false, appPath: '' })).toEqual({ executable: '/home/a/Parley.AppImage', args: [] });
  });
});

describe('loginItemPlan', () => {
  const launch = { executable: '/opt/Parley/parley', args: [] };

  it('uses Electron’s login items on macOS and Windows, starting to the tray', () => {
    expect(loginItemPlan(true, 'darwin', launch, {})).toEqual({ kind: 'electron', settings: { openAtLogin: true, path: '/opt/Parley/parley', args: ['--autostart'] } });
    expect(loginItemPlan(false, 'win32', launch, {})).toMatchObject({ kind: 'electron', settings: { openAtLogin: false } });
  });

  it('uses an XDG autostart entry on Linux, under XDG_CONFIG_HOME or ~/.config', () => {
    expect(loginItemPlan(true, 'linux', launch, { XDG_CONFIG_HOME: '/cfg', HOME: '/home/a' })).toMatchObject({ kind: 'xdg-autostart', file: '/cfg/autostart/parley.desktop' });
    expect(loginItemPlan(true, 'linux', launch, { HOME: '/home/a' })).toMatchObject({ file: '/home/a/.config/autostart/parley.desktop' });
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(loginItemPlan(false, 'linux', launch, { XDG_CONFIG_HOME: 'cfg', HOME: '/home/a' })).toEqual({ kind: 'xdg-autostart', file: '/home/a/.config/autostart/parley.desktop', contents: null });
  });
});

describe('desktopEntry', () => {
  it('quotes paths with spaces and escapes reserved characters in Exec', () => {
    const entry = desktopEntry({ executable: '/home/a b/Parley.AppImage', args: ['--autostart', '50%'] });
    expect(entry).toContain('Exec="/home/a b/Parley.AppImage" --autostart 50%%\n');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Parley\n/);
    expect(desktopEntry({ executable: '/x/"q"$', args: [] })).toContain('Exec="/x/\\\\"q\\\\"\\\\$"');
  });
});

describe('applyXdgAutostart', () => {
  it('writes the entry when enabled and removes it when disabled', () => {
    const home = mkdtempSync(join(tmpdir(), 'parley-autostart-'));
    const on = loginItemPlan(true, 'linux', { executable: '/opt/Parley/parley', args: [] }, { HOME: home });
    if (on.kind !== 'xdg-autostart') throw new Error('expected an autostart plan');
    applyXdgAutostart(on);
    expect(readFileSync(on.file, 'utf8')).toContain('Exec=/opt/Parley/parley --autostart\n');
    const off = loginItemPlan(false, 'linux', { executable: '/opt/Parley/parley', args: [] }, { HOME: home });
    if (off.kind !== 'xdg-autostart') throw new Error('expected an autostart plan');
    applyXdgAutostart(off);
    expect(existsSync(on.file)).toBe(false);
    applyXdgAutostart(off); // already gone: no error
  });
});
