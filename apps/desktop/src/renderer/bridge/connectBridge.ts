/**
 * Picks the carrier: Electron's preload exposes `window.parley`; in a plain browser the
 * same contract goes over a WebSocket to the web host that served this page.
 */
import type { ParleyBridge } from '../../common/bridge.js';
import { WEB_BRIDGE_PATH } from '../../common/webBridgeWire.js';
import type { RendererBridge } from './rendererBridge.js';
import { createWebSocketBridge } from './webSocketBridge.js';

declare global {
  interface Window {
    /** Present only under Electron (exposed by the preload via contextBridge). */
    parley?: ParleyBridge;
  }
}

export function connectBridge(): RendererBridge {
  const exposed = window.parley;
  if (exposed) {
    // IPC does not drop while the window lives, so there is never a reopen to report.
    return { call: exposed.call.bind(exposed), on: exposed.on.bind(exposed), onReopen: () => () => undefined };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketBridge({ url: `${scheme}//${window.location.host}${WEB_BRIDGE_PATH}` });
}
