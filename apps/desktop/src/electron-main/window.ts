/**
 * The main window: sandboxed, context-isolated, no Node in the renderer; it may not
 * navigate away from the app or open other windows (links go to the system browser).
 */
import { join } from 'node:path';
import { BrowserWindow, nativeImage, shell } from 'electron';
import { ICON_PNG_BASE64 } from './icon.js';
import { APP_ORIGIN } from './rendererProtocol.js';
import { loadWindowState, trackWindowState, windowOptions } from './windowState.js';

export function createMainWindow(opts: { preload: string; userData: string }): BrowserWindow {
  const stateFile = join(opts.userData, 'window-state.json');
  const state = loadWindowState(stateFile);
  const win = new BrowserWindow({
    ...windowOptions(state),
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Parley',
    icon: nativeImage.createFromDataURL(`data:image/png;base64,${ICON_PNG_BASE64}`),
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
  if (state.maximized) win.maximize();
  trackWindowState(win, stateFile);
  win.once('ready-to-show', () => win.show());

  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export function showWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
