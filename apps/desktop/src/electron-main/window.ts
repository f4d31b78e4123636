/**
 * The main window: sandboxed, context-isolated, no Node in the renderer; it may not
 * navigate away from the app or open other windows (links go to the system browser).
 */
import { join } from 'node:path';
import { BrowserWindow, shell } from 'electron';
import { externalLink } from '../node/shell/externalLink.js';
import { appIcon } from './icon.js';
import { APP_ORIGIN } from './rendererProtocol.js';
import { loadWindowState, trackWindowState, windowOptions } from './windowState.js';

/**
 * The window stays hidden until its first paint is ready (`ready-to-show`), on a
 * background of the theme's colour, so it never flashes white; callers must not show it earlier.
 */
export function createMainWindow(opts: { preload: string; userData: string; backgroundColor: string }): BrowserWindow {
  const stateFile = join(opts.userData, 'window-state.json');
  const state = loadWindowState(stateFile);
  const win = new BrowserWindow({
    ...windowOptions(state),
    minWidth: 640,
    minHeight: 420,
    show: false,
    backgroundColor: opts.backgroundColor,
    title: 'Parley',
    icon: appIcon(256),
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: true,
    },
  });
  trackWindowState(win, stateFile);
  win.once('ready-to-show', () => {
    // maximize() also shows the window (electron.d.ts), so it waits for the first paint too.
    if (state.maximized) win.maximize();
    showWindow(win);
  });

  win.webContents.setWindowOpenHandler(({ url }) => {
    const href = externalLink(url);
    if (href) openInBrowser(href);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  win.loadURL(`${APP_ORIGIN}/index.html`).catch((err: unknown) => console.error('Parley: cannot load the app page:', err));
  return win;
}

/** Opens an already-vetted external link in the user's browser; a failure is only logged. */
export function openInBrowser(href: string): void {
  shell.openExternal(href).catch((err: unknown) => console.warn('Parley: cannot open link:', err));
}

export function showWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
