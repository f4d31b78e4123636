/**
 * Electron main process: lifecycle and OS integration only. Sockets, cache, sync and
 * the alert policy are the shared node/ core; this file wires it to a sandboxed
 * window (ipc.ts), the tray, OS notifications and power/network signals.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow } from 'electron';
import type { NavigationTarget } from '../common/views.js';
import { createCore, type Core } from '../node/app/core.js';
import { wireIpc } from './ipc.js';
import { Notifier } from './notifications.js';
import { watchPowerAndNetwork } from './power.js';
import { registerAppScheme, serveRenderer } from './rendererProtocol.js';
import { SafeStorageSecretStore } from './secretStore.js';
import { AppTray } from './tray.js';
import { createMainWindow, showWindow } from './window.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const APP_ID = 'org.parley.desktop';

/**
 * The cache worker is its own bundle beside this one (package.json build:main). In a
 * packaged app it is unpacked from the asar (electron-builder.yml asarUnpack), so the
 * worker thread and the better-sqlite3 it loads live on the real file system.
 */
function cacheWorkerUrl(): URL {
  const file = here('./cacheWorker.cjs').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return pathToFileURL(file);
}

// Windows ties notification clicks to the AppUserModelId of the installed shortcut.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
registerAppScheme();
// A separate profile (cache, token, window state) for test runs and second accounts;
// it must be set before the single-instance lock, which is held per profile.
if (process.env.PARLEY_DATA_DIR) app.setPath('userData', process.env.PARLEY_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let core: Core | null = null;
  let quitting = false;
  const cleanups: (() => void)[] = [];

  const openWindow = (): BrowserWindow => {
    const w = createMainWindow({ preload: here('../preload/index.cjs'), userData: app.getPath('userData') });
    // Main knows focus first-hand; the alert policy skips the open chat only while focused.
    w.on('focus', () => core && void (core.focus = { ...core.focus, windowFocused: true }));
    w.on('blur', () => core && void (core.focus = { ...core.focus, windowFocused: false }));
    // Closing the window keeps the app in the tray, as chat apps do; Quit ends it.
    w.on('close', (event) => {
      if (!quitting && process.platform !== 'linux') {
        event.preventDefault();
        w.hide();
      }
    });
    return w;
  };
  const focusWindow = () => {
    if (!win || win.isDestroyed()) win = openWindow();
    showWindow(win);
  };
  const navigate = (target: NavigationTarget) => {
    focusWindow();
    core?.events.emit('navigate', target);
  };

  app.on('second-instance', () => focusWindow());

  app.whenReady().then(async () => {
    serveRenderer(here('../renderer'));
    const userData = app.getPath('userData');
    core = await createCore({
      dataDir: join(userData, 'cache'),
      secrets: new SafeStorageSecretStore(join(userData, 'session-token.bin')),
      cacheWorker: { url: cacheWorkerUrl(), viaTsx: false },
      ...(process.env.PARLEY_SERVER_URL ? { serverUrl: process.env.PARLEY_SERVER_URL } : {}),
    });
    const c = core;
    cleanups.push(wireIpc(c, () => win));
    const notifier = new Notifier(navigate);
    const tray = new AppTray({ show: focusWindow, openPeople: () => navigate({ kind: 'people' }), quit: () => app.quit() });
    c.shell.on('alert', (alert) => notifier.show(alert));
    c.shell.on('badge', (count) => tray.setUnread(count));
    c.shell.on('contacts', (contacts) => tray.setContacts(contacts));
    cleanups.push(watchPowerAndNetwork({ resume: () => c.resume(), networkUp: () => c.networkUp() }));
    cleanups.push(() => tray.destroy());

    focusWindow();
  }).catch((err: unknown) => {
    console.error('Parley failed to start:', err);
    app.exit(1);
  });

  app.on('activate', () => focusWindow());
  app.on('window-all-closed', () => {
    if (process.platform === 'linux') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    quitting = true;
    event.preventDefault();
    cleanups.forEach((fn) => fn());
    core.close().finally(() => app.exit(0));
  });
}
