/**
 * Peer (c): the same protocol subset on socket.io, written the way socket.io apps are:
 * a JWT check in `io.use` middleware (token in the handshake `auth`), one socket per
 * channel named in the handshake query (as the seed opens one socket per channel),
 * rooms for chats, the feed and per-user channels, and `io.to(room).emit(type, frame)`.
 * Transport is WebSocket only (clients skip the long-polling upgrade dance).
 * One SQLite transaction per message, as in the ws peer.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { peerArgs } from './args.js';
import { createAuth } from './auth.js';
import { createPresence } from './presence.js';
import { createRestHandler, messageFrame } from './rest.js';
import { openStore } from './store.js';

const { host, port, dataDir } = peerArgs();
const store = openStore(dataDir);
const auth = createAuth(dataDir);

const server = createServer();
const io = new Server(server, { transports: ['websocket'], maxHttpBufferSize: 64 * 1024, serveClient: false });
const emitTo = (room: string, frame: { type: string }) => io.to(room).emit(frame.type, frame);
const presence = createPresence(store, { toOnlineWatchers: (u, f) => emitTo(`online:${u}`, f as { type: string }) });

const rest = createRestHandler(store, auth, {
  newMessage: (m) => emitTo(`messages/${m.chat_id}`, messageFrame(m)),
  newPost: (post) => emitTo('feed', { type: 'new_post', post } as { type: string }),
  connectionRequest: (to, f) => io.to([`connections:${to}`, `notifications:${to}`]).emit('connection_request', f),
  connectionAccepted: (to, f) => io.to(`connections:${to}`).emit('connection_accepted', f),
});
// socket.io owns /socket.io/; everything else is REST.
server.on('request', (req, res) => {
  if (!req.url?.startsWith('/socket.io/')) rest(req, res);
});

interface SocketData {
  userId: number;
  room: string;
  chatId: number | null;
}

io.use((socket, next) => {
  const token = (socket.handshake.auth as { token?: string }).token;
  const userId = auth.verifyToken(token);
  if (userId === null) return next(new Error('unauthorized'));
  const channel = String(socket.handshake.query.channel ?? '');
  const m = /^(messages\/(\d+)|connections|notifications|feed|online)$/.exec(channel);
  if (!m) return next(new Error('not_found'));
  const chatId = m[2] ? Number(m[2]) : null;
  if (chatId !== null && !store.isMember(chatId, userId)) return next(new Error('forbidden'));
  const room = chatId !== null || channel === 'feed' ? channel : `${channel}:${userId}`;
  (socket.data as SocketData) = { userId, room, chatId };
  next();
});

io.on('connection', (socket) => {
  const { userId, room, chatId } = socket.data as SocketData;
  void socket.join(room);
  presence.opened(userId);
  if (room.startsWith('online:')) socket.emit('online_users', presence.snapshotFor(userId));
  socket.on('disconnect', () => presence.closed(userId));
  socket.on('ping', () => socket.emit('pong', { type: 'pong' }));
  if (chatId === null) return;
  socket.on('message', (frame: { content?: unknown; client_id?: unknown }) => {
    if (typeof frame?.content !== 'string') return socket.emit('error', { type: 'error', code: 'invalid', message: 'content must be a string' });
    if (frame.content.length > 4000) return socket.emit('error', { type: 'error', code: 'too_long', message: 'content too long' });
    const msg = store.addMessage(chatId, userId, frame.content, null, typeof frame.client_id === 'string' ? frame.client_id : null);
    emitTo(room, messageFrame(msg));
  });
  socket.on('typing', (frame: { is_typing?: unknown }) => {
    socket.to(room).emit('typing', { type: 'typing', chat_id: chatId, user_id: userId, is_typing: frame?.is_typing === true });
  });
});

server.listen(port, host, () => {
  const addr = server.address();
  console.log(JSON.stringify({ msg: 'listening', peer: 'socketio', port: typeof addr === 'object' && addr ? addr.port : port }));
});
process.on('SIGTERM', () => {
  io.close(() => {
    store.db.close();
    process.exit(0);
  });
});
