/**
 * The bridge contract over a loopback WebSocket (common/webBridgeWire.ts): the same
 * validated dispatch Electron's ipcMain uses, and every BridgeEvent pushed to each
 * connected page. Only pages served by this host may connect (Origin check), so
 * another site open in the same browser cannot drive the bridge.
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_EVENT_NAMES } from '../common/bridge.js';
import { decodeWire, encodeWire, WEB_BRIDGE_PATH, type WebBridgeClientMessage } from '../common/webBridgeWire.js';
import type { Core } from '../node/app/core.js';
import { dispatch } from '../node/bridge/dispatch.js';

/** Large enough for an upload (10 MiB as base64) and nothing more. */
const MAX_PAYLOAD = 16 * 1024 * 1024;

export function attachBridge(http: Server, core: Core, allowedOrigin: () => string): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  const sockets = new Set<WebSocket>();

  http.on('upgrade', (req: IncomingMessage, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const origin = req.headers.origin;
    if (path !== WEB_BRIDGE_PATH || (origin !== undefined && origin !== allowedOrigin())) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  for (const name of BRIDGE_EVENT_NAMES) {
    core.events.on(name, (payload) => {
      const text = encodeWire({ kind: 'event', name, payload });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    });
  }

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: WebBridgeClientMessage;
      try {
        message = decodeWire<WebBridgeClientMessage>(data.toString());
      } catch {
        return;
      }
      if (message?.kind !== 'call' || typeof message.id !== 'number') return;
      void dispatch(core.handlers, message.name, message.request).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeWire({ kind: 'result', id: message.id, result }));
      });
    });
  });
  return wss;
}
