/**
 * Electron main process: lifecycle and OS integration only. Sockets, cache, sync and
 * the alert policy are the shared node/ core; this file wires it to a sandboxed
 * window (ipc.ts), the tray, OS notifications, power/network signals, deep links,
 * start at login and updates. Decisions live in plain modules under node/shell.
 *
 * Order matters: nothing may create a window before `ready` and before the core and
 * its IPC handlers exist (a window whose first calls find no handler would show an
 * error). `second-instance`, `activate` and `open-url` can all fire earlier, so they
 * only record what they want (a window shown, a link opened) until the shell is up.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, nativeTheme, Notification } from 'electron';
import type { NavigationTarget } from '../common/views.js';
import { createCore, type Core } from '../node/app/core.js';
import { SQLITE_BINDING_ENV } from '../node/native/electronPreflight.js';
import { resolveDesktopDataDir } from '../node/shell/dataDir.js';
import { DeepLinkQueue, deepLinkFromArgv, parseDeepLink } from '../node/shell/deepLink.js';
import { AUTOSTART_ARG } from '../node/shell/loginItem.js';
import { WindowGate } from '../node/shell/windowGate.js';
import { windowBackground } from '../node/shell/windowTheme.js';
import { registerDeepLinkScheme } from './deepLinks.js';
import { wireIpc } from './ipc.js';
import { applyStartAtLogin } from './loginItems.js';
import { Notifier } from './notifications.js';
import { watchPowerAndNetwork } from './power.js';
import { registerAppScheme, serveRenderer } from './rendererProtocol.js';
import { SafeStorageSecretStore } from './secretStore.js';
import { AppTray } from './tray.js';
import { startAutoUpdates } from './updater.js';
import { createMainWindow, openInBrowser, showWindow } from './window.js';

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

// A separate profile (cache, token, window state, single-instance lock) for a second
// account, `npm start --data-dir` or a test run: PARLEY_DESKTOP_DATA_DIR, never the
// server's PARLEY_DATA_DIR. It must be set before the lock, which is held per profile.
let profileOk = true;
try {
  const profileDir = resolveDesktopDataDir(process.env, process.cwd());
  if (profileDir) app.setPath('userData', profileDir);
} catch (err) {
  console.error(`Parley: ${err instanceof Error ? err.message : String(err)}`);
  profileOk = false;
}

const links = new DeepLinkQueue();
const launchLink = deepLinkFromArgv(process.argv);
if (launchLink) links.push(launchLink);

if (!profileOk) {
  // Never fall back to the default profile: that would be another account's data.
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // The running instance gets our argv (and so any parley:// link) via `second-instance`.
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  let core: Core | null = null;
  const gate = new WindowGate({ autostart: process.argv.includes(AUTOSTART_ARG), hasLaunchLink: launchLink !== null });
  let quitting = false;
  const cleanups: (() => void)[] = [];

  const openWindow = (c: Core, theme: Parameters<typeof windowBackground>[0]): BrowserWindow => {
    // Links wait while a new renderer loads; its first snapshot call releases them.
    links.pause();
    const w = createMainWindow({
      preload: here('../preload/index.cjs'),
      userData: app.getPath('userData'),
      backgroundColor: windowBackground(theme, nativeTheme.shouldUseDarkColors),
    });
    // Main knows focus first-hand; the alert policy skips the open chat only while focused.
    w.on('focus', () => void (c.focus = { ...c.focus, windowFocused: true }));
    w.on('blur', () => void (c.focus = { ...c.focus, windowFocused: false }));
    // A reload or a crashed renderer has no listeners until it asks for its snapshot again.
    w.webContents.on('did-start-loading', () => links.pause());
    w.webContents.on('render-process-gone', () => links.pause());
    // Closing the window keeps the app in the tray, as chat apps do; Quit ends it.
    w.on('close', (event) => {
      if (!quitting && process.platform !== 'linux') {
        event.preventDefault();
        w.hide();
      }
    });
    w.on('closed', () => {
      if (win === w) win = null;
      links.pause();
    });
    return w;
  };

  /** Shows the window, creating it if needed; only once the core and IPC are up (the gate). */
  const showOrCreateWindow = () => {
    if (!core) return;
    if (win && !win.isDestroyed()) {
      showWindow(win);
      return;
    }
    const c = core;
    // A new window shows itself on ready-to-show (window.ts): no white flash.
    void c.ctx
      .settings()
      .then((s) => {
        if (!win || win.isDestroyed()) win = openWindow(c, s.theme);
      })
      .catch((err: unknown) => console.error('Parley: cannot open the window:', err));
  };
  const focusWindow = () => gate.request();
  /**
   * Delivery to a renderer known to be listening (the queue calls this). No show here:
   * openLink already asked for the window, and a new one shows itself on ready-to-show.
   */
  const navigate = (target: NavigationTarget) => core?.events.emit('navigate', target);
  /** Deep links, notification and tray clicks: delivered now, or once a (new) window has loaded. */
  const openLink = (target: NavigationTarget | null) => {
    if (!target) return;
    links.push(target);
    focusWindow();
  };

  app.on('second-instance', (_event, argv) => {
    const target = deepLinkFromArgv(argv);
    if (target) openLink(target);
    else focusWindow();
  });
  // macOS delivers links as open-url, also at launch (before ready).
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openLink(parseDeepLink(url));
  });
  app.on('activate', () => focusWindow());

  app.whenReady().then(async () => {
    serveRenderer(here('../renderer'));
    registerDeepLinkScheme();
    const userData = app.getPath('userData');
    // Running from a checkout (`npm run desktop`), better-sqlite3's Electron build lives
    // apart from node_modules' Node build; a packaged app ships only the Electron one.
    const binding = app.isPackaged ? undefined : process.env[SQLITE_BINDING_ENV];
    core = await createCore({
      dataDir: join(userData, 'cache'),
      secrets: new SafeStorageSecretStore(join(userData, 'session-token.bin')),
      cacheWorker: { url: cacheWorkerUrl(), viaTsx: false, ...(binding ? { nativeBinding: binding } : {}) },
      ...(process.env.PARLEY_SERVER_URL ? { serverUrl: process.env.PARLEY_SERVER_URL } : {}),
    });
    const c = core;
    cleanups.push(
      wireIpc(c, () => win, {
        // The renderer subscribes to events before asking for its snapshot (renderer/main.tsx),
        // so once it has its snapshot a `navigate` event reaches it.
        onSnapshotServed: () => links.ready(navigate),
      }),
    );
    const notifier = new Notifier(openLink);
    const tray = new AppTray({
      show: focusWindow,
      openPeople: () => openLink({ kind: 'people' }),
      quit: () => app.quit(),
      // Offline the change is refused; the menu keeps showing what is in force.
      setDnd: (patch) => void c.sync.preferences.update(patch).catch((err: unknown) => console.warn('do-not-disturb not changed:', err instanceof Error ? err.message : err)),
    });
    tray.setDnd((await c.ctx.settings()).preferences.dnd);
    cleanups.push(c.events.on('settings.changed', (s) => tray.setDnd(s.preferences.dnd)));
    c.shell.on('alert', (alert) => notifier.show(alert));
    c.shell.on('openExternal', (href) => openInBrowser(href));
    c.shell.on('badge', (count) => tray.setUnread(count));
    c.shell.on('contacts', (contacts) => tray.setContacts(contacts));
    cleanups.push(watchPowerAndNetwork({ resume: () => c.resume(), networkUp: () => c.networkUp() }));
    cleanups.push(() => tray.destroy());

    // Start at login follows the setting; applied at every start too, so the entry names
    // the executable of the version now installed.
    let startAtLogin = (await c.ctx.settings()).startAtLogin;
    applyStartAtLogin(startAtLogin);
    cleanups.push(
      c.events.on('settings.changed', (s) => {
        if (s.startAtLogin === startAtLogin) return;
        startAtLogin = s.startAtLogin;
        applyStartAtLogin(startAtLogin);
      }),
    );
    cleanups.push(
      startAutoUpdates((version) => {
        if (Notification.isSupported()) new Notification({ title: 'Parley update ready', body: `Version ${version} installs when you quit Parley.` }).show();
      }),
    );

    // From here on windows may exist. Started at login, the app stays in the tray unless
    // something (a link, a second launch) asked for the window meanwhile.
    gate.ready(showOrCreateWindow);
  }).catch((err: unknown) => {
    console.error('Parley failed to start:', err);
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform === 'linux') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    quitting = true;
    event.preventDefault();
    cleanups.forEach((fn) => fn());
    core
      .close()
      .catch((err: unknown) => console.error('Parley: did not close cleanly:', err))
      .finally(() => app.exit(0));
  });
}
