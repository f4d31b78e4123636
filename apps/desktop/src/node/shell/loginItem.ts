/**
 * Start at login. macOS and Windows have Electron's `app.setLoginItemSettings`; Electron
 * does not implement it on Linux (electron.d.ts: `@platform darwin,win32`), where the
 * freedesktop way is an autostart entry, `$XDG_CONFIG_HOME/autostart/<app>.desktop`
 * (XDG Autostart spec), which GNOME, KDE, Xfce and others run at session start.
 *
 * The app is started with `--autostart` so it can open to the tray instead of
 * stealing focus at login.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const AUTOSTART_ARG = '--autostart';
const DESKTOP_FILE = 'parley.desktop';

/** How the running app would be started again: the installed binary, or `electron <app dir>` in development. */
export interface LaunchCommand {
  executable: string;
  args: string[];
}

/**
 * An AppImage runs from a temporary mount (execPath changes every run), so its login
 * entry must name the AppImage file itself, which the AppImage runtime puts in $APPIMAGE.
 */
export function launchCommand(opts: { execPath: string; env: NodeJS.ProcessEnv; defaultApp: boolean; appPath: string }): LaunchCommand {
  if (opts.env.APPIMAGE) return { executable: opts.env.APPIMAGE, args: [] };
  return { executable: opts.execPath, args: opts.defaultApp ? [opts.appPath] : [] };
}

export type LoginItemPlan =
  | { kind: 'electron'; settings: { openAtLogin: boolean; path: string; args: string[] } }
  | { kind: 'xdg-autostart'; file: string; contents: string | null };

export function loginItemPlan(enabled: boolean, platform: NodeJS.Platform, launch: LaunchCommand, env: NodeJS.ProcessEnv): LoginItemPlan {
  const args = [...launch.args, AUTOSTART_ARG];
  if (platform === 'darwin' || platform === 'win32') {
    return { kind: 'electron', settings: { openAtLogin: enabled, path: launch.executable, args } };
  }
  const configHome = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return { kind: 'xdg-autostart', file: join(configHome, 'autostart', DESKTOP_FILE), contents: enabled ? desktopEntry({ ...launch, args }) : null };
}

/** Quotes an Exec argument per the Desktop Entry spec (reserved characters inside double quotes, escaped). */
function execArg(arg: string): string {
  if (!/[\s"'\\`$<>~|&;*?#()]/.test(arg) && arg !== '') return arg;
  return `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

export function desktopEntry(launch: LaunchCommand): string {
  // In the Exec key a literal backslash in a quoted argument is itself escaped once more ("\\\\").
  const exec = [launch.executable, ...launch.args].map(execArg).join(' ').replace(/\\/g, '\\\\').replace(/%/g, '%%');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Parley', 'Comment=Parley messenger', `Exec=${exec}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/** Writes or removes the autostart entry. */
export function applyXdgAutostart(plan: { file: string; contents: string | null }): void {
  if (plan.contents === null) {
    rmSync(plan.file, { force: true });
    return;
  }
  mkdirSync(dirname(plan.file), { recursive: true });
  writeFileSync(plan.file, plan.contents, { mode: 0o644 });
}
