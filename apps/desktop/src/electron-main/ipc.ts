/**
 * ipcMain wiring of the bridge contract: one `parley:<call>` handler per call name
 * (nothing else is registered), answering only our window's main frame on our origin,
 * and every BridgeEvent forwarded on `parley:event.<name>`.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { BRIDGE_CALL_NAMES, BRIDGE_EVENT_NAMES, IPC_CALL_PREFIX, IPC_EVENT_PREFIX } from '../common/bridge.js';
import type { Core } from '../node/app/core.js';
import { dispatch } from '../node/bridge/dispatch.js';
import { APP_ORIGIN } from './rendererProtocol.js';

export interface IpcHooks {
  /** The window's renderer got its `app.snapshot`: it is loaded and listening for events. */
  onSnapshotServed?(): void;
}

export function wireIpc(core: Core, window: () => BrowserWindow | null, hooks: IpcHooks = {}): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const win = window();
    if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
    const frame = event.senderFrame;
    return !!frame && frame === win.webContents.mainFrame && frame.url.startsWith(`${APP_ORIGIN}/`);
  };

  for (const name of BRIDGE_CALL_NAMES) {
    ipcMain.handle(`${IPC_CALL_PREFIX}${name}`, async (event, request: unknown) => {
      if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: 'untrusted sender' } };
      const result = await dispatch(core.handlers, name, request);
      // After the reply is queued, so events sent from the hook arrive after the snapshot.
      if (name === 'app.snapshot' && result.ok) setImmediate(() => hooks.onSnapshotServed?.());
      return result;
    });
  }
  const unsubscribe = BRIDGE_EVENT_NAMES.map((name) =>
    core.events.on(name, (payload) => {
      const win = window();
      if (win && !win.isDestroyed()) win.webContents.send(`${IPC_EVENT_PREFIX}${name}`, payload);
    }),
  );
  return () => {
    for (const name of BRIDGE_CALL_NAMES) ipcMain.removeHandler(`${IPC_CALL_PREFIX}${name}`);
    unsubscribe.forEach((off) => off());
  };
}
