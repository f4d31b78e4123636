/**
 * The sandboxed renderer's only door to main: `window.parley`, implementing
 * ParleyBridge with exactly the contract's call and event names. No ipcRenderer, no
 * generic invoke(channel) — a compromised page can ask only what the contract allows,
 * and main validates even that. Bundled to CommonJS: sandboxed preloads cannot be ESM.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_CALL_NAMES, BRIDGE_EVENT_NAMES, IPC_CALL_PREFIX, IPC_EVENT_PREFIX, type BridgeCallName, type BridgeEventName } from '../common/bridgeNames.js';
import type { BridgeEvents, BridgeResult, ParleyBridge } from '../common/bridge.js';

const calls = new Set<string>(BRIDGE_CALL_NAMES);
const events = new Set<string>(BRIDGE_EVENT_NAMES);

const bridge: ParleyBridge = {
  call(name, request) {
    if (!calls.has(name)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_call', message: `unknown call ${String(name)}` } });
    }
    return ipcRenderer.invoke(`${IPC_CALL_PREFIX}${name as BridgeCallName}`, request) as Promise<BridgeResult<never>>;
  },
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void) {
    if (!events.has(event)) throw new Error(`unknown event ${String(event)}`);
    const channel = `${IPC_EVENT_PREFIX}${event}`;
    // The IPC event object (with `sender`) never reaches the page.
    const wrapped = (_event: Electron.IpcRendererEvent, payload: BridgeEvents[E]) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  },
};

contextBridge.exposeInMainWorld('parley', bridge);
