/**
 * A stand-in for the `electron` module, for running the real main-process bundle under
 * plain Node (no Electron binary can be installed here). It implements just what
 * src/electron-main uses, follows Electron's documented behaviour where the glue
 * depends on it (app.setPath throws for a relative or missing folder; `second-instance`
 * can arrive before the IPC handlers exist; a window is shown only by show()/maximize()),
 * and records every interaction as JSON lines on stdout for the test to assert on.
 *
 * Scenario (FAKE_ELECTRON_SCENARIO, JSON): argv of a second instance that starts while
 * the app is still starting; a settings change the renderer makes once loaded.
 */
import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';

const scenario = JSON.parse(process.env.FAKE_ELECTRON_SCENARIO ?? '{}') as { secondInstanceArgv?: string[]; settingsUpdate?: Record<string, unknown>; openLinks?: string[] };
const record = (kind: string, data: Record<string, unknown> = {}) => process.stdout.write(`FAKE ${JSON.stringify({ kind, ...data })}\n`);

const handlers = new Map<string, (event: unknown, request: unknown) => unknown>();
export const ipcMain = {
  handle(channel: string, fn: (event: unknown, request: unknown) => unknown) {
    handlers.set(channel, fn);
    record('ipc.handle', { channel });
  },
  removeHandler(channel: string) {
    handlers.delete(channel);
  },
};

const paths = new Map<string, string>();
class FakeApp extends EventEmitter {
  isPackaged = false;
  private ready!: () => void;
  private readonly readyPromise = new Promise<void>((ok) => (this.ready = ok));
  whenReady() {
    return this.readyPromise;
  }
  setPath(name: string, path: string) {
    // electron.d.ts: "If the path specifies a directory that does not exist, an Error is thrown."
    if (!isAbsolute(path) || !existsSync(path) || !statSync(path).isDirectory()) throw new Error(`Failed to set path: ${path}`);
    paths.set(name, path);
    record('app.setPath', { name, path });
  }
  getPath(name: string) {
    const path = paths.get(name);
    if (!path) throw new Error(`no ${name} path in the fake`);
    return path;
  }
  getAppPath() {
    return process.cwd();
  }
  getVersion() {
    return '0.1.0';
  }
  requestSingleInstanceLock() {
    return true;
  }
  setAsDefaultProtocolClient(protocol: string, ...rest: unknown[]) {
    record('app.setAsDefaultProtocolClient', { protocol, rest });
    return true;
  }
  setLoginItemSettings(settings: unknown) {
    record('app.setLoginItemSettings', { settings });
  }
  setBadgeCount() {}
  setAppUserModelId() {}
  quit() {
    record('app.quit');
  }
  exit(code: number) {
    record('app.exit', { code });
    process.exit(code);
  }
  /** Starts the fake lifecycle: second instance during start-up, then ready. */
  boot() {
    setTimeout(() => {
      if (scenario.secondInstanceArgv) this.emit('second-instance', {}, scenario.secondInstanceArgv, process.cwd());
      setTimeout(() => {
        record('app.ready');
        this.ready();
      }, 20);
    }, 20);
  }
  /** Quit as the OS would: before-quit (which the app may defer), then exit. */
  requestQuit() {
    record('app.before-quit');
    this.emit('before-quit', { preventDefault: () => record('app.before-quit.deferred') });
  }
}
export const app = new FakeApp();
process.on('SIGTERM', () => app.requestQuit());

class FakeWebContents extends EventEmitter {
  readonly mainFrame = { url: 'parley-app://renderer/index.html' };
  constructor(private readonly windowId: number) {
    super();
  }
  send(channel: string, payload: unknown) {
    record('webContents.send', { window: this.windowId, channel, payload });
  }
  setWindowOpenHandler() {}
}

let windows = 0;
export class BrowserWindow extends EventEmitter {
  readonly id = ++windows;
  readonly webContents = new FakeWebContents(this.id);
  private visible = false;
  private destroyed = false;
  constructor(options: { show?: boolean; backgroundColor?: string }) {
    super();
    record('BrowserWindow.new', { window: this.id, show: options.show, backgroundColor: options.backgroundColor, handlers: handlers.size });
  }
  async loadURL(url: string) {
    record('window.loadURL', { window: this.id, url });
    // A page loads asynchronously: nothing it does can happen in the tick of loadURL.
    await new Promise((ok) => setTimeout(ok, 10));
    this.webContents.emit('did-start-loading');
    // The renderer (renderer/main.tsx) subscribes to events, then asks for its snapshot.
    const snapshot = handlers.get('parley:app.snapshot');
    if (!snapshot) {
      record('renderer.error', { message: 'no handler for parley:app.snapshot' });
      return;
    }
    const result = (await snapshot({ sender: this.webContents, senderFrame: this.webContents.mainFrame }, {})) as { ok: boolean };
    record('renderer.snapshot', { window: this.id, ok: result.ok });
    if (scenario.settingsUpdate) {
      const update = handlers.get('parley:settings.update');
      const updated = await update?.({ sender: this.webContents, senderFrame: this.webContents.mainFrame }, scenario.settingsUpdate);
      record('renderer.settingsUpdated', { result: updated });
    }
    for (const url of scenario.openLinks ?? []) {
      const open = handlers.get('parley:shell.openExternal');
      const result = await open?.({ sender: this.webContents, senderFrame: this.webContents.mainFrame }, { url });
      record('renderer.linkClicked', { url, result });
    }
    setTimeout(() => {
      record('window.ready-to-show', { window: this.id });
      this.emit('ready-to-show');
    }, 10);
  }
  show() {
    this.visible = true;
    record('window.show', { window: this.id });
  }
  focus() {}
  restore() {}
  hide() {
    this.visible = false;
  }
  maximize() {
    this.show();
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getBounds() {
    return { x: 0, y: 0, width: 1100, height: 720 };
  }
  getNormalBounds() {
    return this.getBounds();
  }
}

export const protocol = { registerSchemesAsPrivileged() {}, handle() {} };
export const nativeTheme = { shouldUseDarkColors: true };
export const nativeImage = {
  createFromBuffer: () => ({ resize: () => ({}) }),
};
export class Tray {
  on() {}
  setToolTip() {}
  setTitle() {}
  setContextMenu(template: { label?: string; submenu?: { label?: string; checked?: boolean }[] }[]) {
    record('tray.menu', { items: template.map((item) => ({ label: item.label, submenu: item.submenu?.map((s) => ({ label: s.label, checked: s.checked })) })) });
  }
  destroy() {}
}
export const Menu = { buildFromTemplate: (template: unknown) => template };
export class Notification {
  static isSupported() {
    return false;
  }
}
export const net = { isOnline: () => true };
export const powerMonitor = new EventEmitter();
export const safeStorage = { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' };
export const screen = { getAllDisplays: () => [] };
export const shell = {
  openExternal: async (url: string) => {
    record('shell.openExternal', { url });
  },
};

app.boot();
