/**
 * The REST subset the benchmarks drive, on plain node:http, shared by the ws and
 * socket.io peers: auth, connections, chats and messages, posts, healthz. Broadcasts go
 * through `Broadcast`, which each peer implements with its own socket library.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearer, type Auth } from './auth.js';
import type { MessageRow, Store } from './store.js';

export interface Broadcast {
  newMessage(msg: MessageRow): void;
  newPost(post: { id: number; userId: number; content: string; timestamp: string }): void;
  connectionRequest(toUserId: number, frame: object): void;
  connectionAccepted(userId: number, frame: object): void;
}

export function messageFrame(m: MessageRow) {
  return {
    type: 'new_message',
    message_id: m.id,
    chat_id: m.chat_id,
    seq: m.seq,
    sender_id: m.sender_id,
    content: m.content,
    attachment: m.attachment,
    timestamp: m.created_at,
    ...(m.client_id ? { client_id: m.client_id } : {}),
  };
}

type Json = Record<string, unknown>;
class HttpError extends Error {
  constructor(readonly status: number, readonly code: string) {
    super(code);
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > 1 << 20) throw new HttpError(413, 'payload_too_large');
    chunks.push(c);
  }
  if (size === 0) return {};
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
  } catch {
    /* fall through */
  }
  throw new HttpError(400, 'bad_json');
}

export function createRestHandler(store: Store, auth: Auth, bc: Broadcast) {
  const userOf = (req: IncomingMessage): number => {
    const id = auth.verifyToken(bearer(req.headers.authorization));
    if (id === null) throw new HttpError(401, 'unauthorized');
    return id;
  };
  const authResponse = (id: number) => {
    const u = store.userById(id)!;
    return { access_token: auth.issueToken(id), token_type: 'bearer', user: u };
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    const m = req.method ?? 'GET';
    const key = `${m} /${parts.map((p) => (/^\d+$/.test(p) ? ':id' : p)).join('/')}`;
    const id = Number(parts[1]);
    switch (key) {
      case 'GET /healthz':
        return send(res, 200, { status: 'ok' });
      case 'POST /auth/register': {
        const b = await readJson(req);
        const email = String(b.email ?? '').toLowerCase();
        if (!email.includes('@') || String(b.password ?? '').length < 8 || !b.full_name) throw new HttpError(422, 'invalid');
        if (store.userByEmail(email)) throw new HttpError(409, 'conflict');
        const uid = store.createUser(email, String(b.full_name), auth.hashPassword(String(b.password)));
        return send(res, 201, authResponse(uid));
      }
      case 'POST /auth/login': {
        const b = await readJson(req);
        const u = store.userByEmail(String(b.email ?? '').toLowerCase());
        if (!u || !auth.checkPassword(String(b.password ?? ''), u.password_hash)) throw new HttpError(401, 'unauthorized');
        return send(res, 200, authResponse(u.id));
      }
      case 'POST /connections': {
        const me = userOf(req);
        const to = Number((await readJson(req)).to_user_id);
        if (!store.userById(to) || to === me) throw new HttpError(422, 'invalid');
        const cid = store.createConnection(me, to);
        const name = store.userById(me)!.full_name;
        bc.connectionRequest(to, { type: 'connection_request', request_id: cid, from_user_id: me, from_user_name: name });
        return send(res, 201, { id: cid, from_user_id: me, to_user_id: to, status: 'pending' });
      }
      case 'POST /connections/:id/accept': {
        const me = userOf(req);
        const c = store.connectionById(id);
        if (!c) throw new HttpError(404, 'not_found');
        if (c.to_user_id !== me) throw new HttpError(403, 'forbidden');
        store.acceptConnection(id);
        const name = store.userById(me)!.full_name;
        bc.connectionAccepted(c.from_user_id, { type: 'connection_accepted', request_id: id, user_id: me, user_name: name });
        return send(res, 200, { ...c, status: 'accepted' });
      }
      case 'GET /connections/requests':
        return send(res, 200, store.pendingFor(userOf(req)));
      case 'POST /chats': {
        const me = userOf(req);
        const ids = (await readJson(req)).member_ids;
        if (!Array.isArray(ids)) throw new HttpError(422, 'invalid');
        const peers = new Set(store.peersOf(me));
        const others = ids.map(Number).filter((x) => x !== me);
        if (others.some((x) => !peers.has(x))) throw new HttpError(403, 'forbidden');
        const chatId = store.createChat(null, [me, ...others]);
        return send(res, 201, { id: chatId, title: null, member_ids: [me, ...others] });
      }
      case 'GET /chats':
        return send(res, 200, store.chatsOf(userOf(req)));
      case 'GET /chats/:id/messages': {
        const me = userOf(req);
        if (!store.isMember(id, me)) throw new HttpError(403, 'forbidden');
        const after = Number(url.searchParams.get('after_seq') ?? 0);
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 200);
        return send(res, 200, store.messagesAfter(id, after, limit));
      }
      case 'POST /chats/:id/messages': {
        const me = userOf(req);
        if (!store.isMember(id, me)) throw new HttpError(403, 'forbidden');
        const b = await readJson(req);
        if (typeof b.content !== 'string') throw new HttpError(422, 'invalid');
        const msg = store.addMessage(id, me, b.content, null, typeof b.client_id === 'string' ? b.client_id : null);
        bc.newMessage(msg);
        return send(res, 201, messageFrame(msg));
      }
      case 'POST /posts': {
        const me = userOf(req);
        const b = await readJson(req);
        if (typeof b.content !== 'string') throw new HttpError(422, 'invalid');
        const post = store.createPost(me, b.content);
        bc.newPost(post);
        return send(res, 201, post);
      }
      default:
        throw new HttpError(404, 'not_found');
    }
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((err: unknown) => {
      const e = err instanceof HttpError ? err : new HttpError(500, 'internal');
      if (!(err instanceof HttpError)) console.error(err);
      if (!res.headersSent) send(res, e.status, { error: { code: e.code, message: e.code } });
    });
  };
}
