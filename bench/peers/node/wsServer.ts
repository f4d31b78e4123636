/**
 * Peer (b): the Parley protocol subset on the `ws` library, written the way a ws app
 * usually is: node:http for REST, `noServer` upgrades checked by hand (JWT, membership),
 * a ConnectionManager of channel → sockets, JSON.stringify once per broadcast, and a
 * 30 s ping/pong sweep for dead peers. One SQLite transaction per message.
 */
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { peerArgs } from './args.js';
import { bearer, createAuth } from './auth.js';
import { createPresence } from './presence.js';
import { createRestHandler, messageFrame } from './rest.js';
import { openStore } from './store.js';

const { host, port, dataDir } = peerArgs();
const store = openStore(dataDir);
const auth = createAuth(dataDir);

/** channel key → socket → user. Per-user channels are keyed `name:userId` so targeted sends are O(1). */
class ConnectionManager {
  private readonly channels = new Map<string, Set<WebSocket>>();
  add(key: string, ws: WebSocket): void {
    let set = this.channels.get(key);
    if (!set) this.channels.set(key, (set = new Set()));
    set.add(ws);
  }
  remove(key: string, ws: WebSocket): void {
    const set = this.channels.get(key);
    if (set?.delete(ws) && set.size === 0) this.channels.delete(key);
  }
  broadcast(key: string, frame: object, except?: WebSocket): void {
    const set = this.channels.get(key);
    if (!set) return;
    const text = JSON.stringify(frame);
    for (const ws of set) if (ws !== except && ws.readyState === WebSocket.OPEN) ws.send(text);
  }
}
const manager = new ConnectionManager();
const presence = createPresence(store, { toOnlineWatchers: (u, f) => manager.broadcast(`online:${u}`, f) });

const rest = createRestHandler(store, auth, {
  newMessage: (m) => manager.broadcast(`messages/${m.chat_id}`, messageFrame(m)),
  newPost: (post) => manager.broadcast('feed', { type: 'new_post', post }),
  connectionRequest: (to, f) => {
    manager.broadcast(`connections:${to}`, f);
    manager.broadcast(`notifications:${to}`, f);
  },
  connectionAccepted: (to, f) => manager.broadcast(`connections:${to}`, f),
});

const server = createServer(rest);
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
const alive = new WeakMap<WebSocket, boolean>();

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const m = /^\/ws\/(messages\/(\d+)|connections|notifications|feed|online)$/.exec(url.pathname);
  if (!m) return refuse(socket, 404, 'Not Found');
  const userId = auth.verifyToken(url.searchParams.get('token') ?? bearer(req.headers.authorization));
  if (userId === null) return refuse(socket, 401, 'Unauthorized');
  const chatId = m[2] ? Number(m[2]) : null;
  if (chatId !== null && !store.isMember(chatId, userId)) return refuse(socket, 403, 'Forbidden');
  const channel = chatId !== null ? `messages/${chatId}` : m[1]!;
  wss.handleUpgrade(req, socket, head, (ws) => onOpen(ws, userId, channel, chatId));
});

function onOpen(ws: WebSocket, userId: number, channel: string, chatId: number | null): void {
  const key = chatId !== null || channel === 'feed' ? channel : `${channel}:${userId}`;
  manager.add(key, ws);
  alive.set(ws, true);
  presence.opened(userId);
  if (channel === 'online') ws.send(JSON.stringify(presence.snapshotFor(userId)));
  ws.on('pong', () => alive.set(ws, true));
  ws.on('close', () => {
    manager.remove(key, ws);
    presence.closed(userId);
  });
  ws.on('message', (data, isBinary) => {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(isBinary ? '' : String(data)) as Record<string, unknown>;
    } catch {
      return ws.send(JSON.stringify({ type: 'error', code: 'bad_json', message: 'frame is not valid JSON' }));
    }
    if (frame.type === 'ping') return ws.send('{"type":"pong"}');
    if (chatId !== null && frame.type === 'message' && typeof frame.content === 'string') {
      if (frame.content.length > 4000) return ws.send(JSON.stringify({ type: 'error', code: 'too_long', message: 'content too long' }));
      const clientId = typeof frame.client_id === 'string' ? frame.client_id : null;
      const msg = store.addMessage(chatId, userId, frame.content, null, clientId);
      return manager.broadcast(key, messageFrame(msg));
    }
    if (chatId !== null && frame.type === 'typing') {
      return manager.broadcast(key, { type: 'typing', chat_id: chatId, user_id: userId, is_typing: frame.is_typing === true }, ws);
    }
    ws.send(JSON.stringify({ type: 'error', code: 'unknown_type', message: 'unknown frame type' }));
  });
}

// ws's documented heartbeat pattern: terminate sockets that missed the previous ping.
const sweep = setInterval(() => {
  for (const ws of wss.clients) {
    if (alive.get(ws) === false) ws.terminate();
    else {
      alive.set(ws, false);
      ws.ping();
    }
  }
}, 30_000);

server.listen(port, host, () => {
  const addr = server.address();
  console.log(JSON.stringify({ msg: 'listening', peer: 'ws', port: typeof addr === 'object' && addr ? addr.port : port }));
});
process.on('SIGTERM', () => {
  clearInterval(sweep);
  for (const ws of wss.clients) ws.terminate();
  server.close(() => {
    store.db.close();
    process.exit(0);
  });
});
