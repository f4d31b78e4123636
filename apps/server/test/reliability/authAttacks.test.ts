/**
 * Attacks on authentication and authorization (SPEC §2–§3): forged, expired and
 * tampered tokens; reaching into other people's chats over both WebSocket endpoints and
 * REST; accepting requests meant for someone else; chats with strangers; path
 * traversal on uploads. Every one is refused, and no response carries another user's
 * data (emails, password hashes, the signing secret, a foreign chat's messages).
 */
import { readFile, readdir } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { connect, refusedUpgrade, wsUrl } from '../realtime/client.js';
import { open } from '../realtime/fixtures.js';

const SECRET_TEXT = 'the eagle lands at midnight';
let srv: TestServer;
let ann: TestUser, ben: TestUser, mal: TestUser;
let privateChat = 0;
/** Every response body seen, checked for leaks at the end. */
const seen: string[] = [];

beforeAll(async () => {
  srv = await startTestServer();
  [ann, ben, mal] = (await Promise.all(['Ann', 'Ben', 'Mal'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
  privateChat = (await api(srv.url, ann.token).post('/chats', { member_ids: [ben.id] })).body.id;
  await api(srv.url, ann.token).post(`/chats/${privateChat}/messages`, { content: SECRET_TEXT });
});
afterAll(async () => {
  // Nothing anyone answered Mal (or a forged token) carries Ann's or Ben's data.
  const secret = srv.config.jwtSecret;
  for (const body of seen) {
    for (const leak of [ann.email, ben.email, SECRET_TEXT, '$argon2', secret, ann.token, ben.token]) expect(body).not.toContain(leak);
  }
  await srv?.close();
});

async function as(token: string, method: string, path: string, body?: unknown) {
  const res = await api(srv.url, token).request(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  seen.push(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
  return res;
}

/**
 * GET with the path sent byte for byte over a raw socket (fetch and http.request would
 * normalise `..` and `\` or refuse a NUL). Status 0: no answer (closed, or cut after 1.5 s).
 */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const sock = connectTcp(srv.port, '127.0.0.1', () => sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 'latin1'));
    let text = '';
    sock.setEncoding('latin1').on('data', (c: string) => (text += c));
    sock.on('error', reject);
    // uWS leaves some malformed requests unanswered until its 10 s HTTP timeout: no answer leaks nothing.
    sock.setTimeout(1500, () => sock.destroy());
    sock.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function forgedTokens(): Record<string, string> {
  const secret = srv.config.jwtSecret;
  const [h, , s] = ann.token.split('.');
  const payload = JSON.parse(Buffer.from(ann.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  const now = Math.floor(Date.now() / 1000);
  return {
    expired: jwt.sign({}, secret, { algorithm: 'HS256', subject: String(mal.id), expiresIn: -60 }),
    'foreign secret': jwt.sign({}, 'not-the-server-secret-0123456789', { algorithm: 'HS256', subject: String(ann.id), expiresIn: 3600 }),
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: String(ann.id), exp: now + 3600 })}.`,
    'alg none, signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: String(ann.id), exp: now + 3600 })}.${s}`,
    'tampered sub': `${h}.${b64({ ...payload, sub: String(ben.id) })}.${s}`,
    'tampered exp': `${h}.${b64({ ...payload, exp: now + 10 * 365 * 86400 })}.${s}`,
    'no expiry': jwt.sign({ sub: String(ann.id) }, secret, { algorithm: 'HS256' }),
    'HS512 with the secret': jwt.sign({}, secret, { algorithm: 'HS512', subject: String(ann.id), expiresIn: 3600 }),
    'sub not a number': jwt.sign({}, secret, { algorithm: 'HS256', subject: '1 OR 1=1', expiresIn: 3600 }),
    garbage: 'a.b.c',
  };
}

describe('forged and expired tokens', () => {
  it('are refused by REST (401) and at the WebSocket upgrade (401), on every endpoint', async () => {
    for (const [what, token] of Object.entries(forgedTokens())) {
      for (const path of ['/users/me', `/chats/${privateChat}/messages`, '/chats', '/connections']) {
        const res = await as(token, 'GET', path);
        expect({ what, path, status: res.status, code: res.body?.error?.code }).toEqual({ what, path, status: 401, code: 'unauthorized' });
      }
      for (const path of ['/ws', `/ws/messages/${privateChat}`, '/ws/online', '/ws/notifications']) {
        const refused = await refusedUpgrade(wsUrl(srv.wsUrl, path, { token }));
        seen.push(JSON.stringify(refused.body));
        expect({ what, path, status: refused.status }).toEqual({ what, path, status: 401 });
        // The header and subprotocol forms are checked the same way.
        expect((await refusedUpgrade(wsUrl(srv.wsUrl, path), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
        expect((await refusedUpgrade(wsUrl(srv.wsUrl, path), { protocols: ['bearer', token] })).status).toBe(401);
      }
    }
  });

  it('refuses a validly signed token whose user does not exist', async () => {
    const ghost = jwt.sign({}, srv.config.jwtSecret, { algorithm: 'HS256', subject: '987654', expiresIn: 3600 });
    for (const path of ['/users/me', '/chats', '/connections', '/posts']) {
      const res = await as(ghost, 'GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
    expect((await as(ghost, 'POST', '/posts', { content: 'from nobody' })).status).toBe(401);
    for (const path of ['/ws', '/ws/feed', '/ws/online']) expect((await refusedUpgrade(wsUrl(srv.wsUrl, path, { token: ghost }))).status).toBe(401);
  });
});

describe("other people's chats", () => {
  it('are closed to a non-member over WebSocket: upgrade 403, subscribe forbidden, frames naming them forbidden', async () => {
    const refused = await refusedUpgrade(wsUrl(srv.wsUrl, `/ws/messages/${privateChat}`, { token: mal.token, after_seq: 0 }));
    seen.push(JSON.stringify(refused.body));
    expect(refused.status).toBe(403);
    const s = await open(srv, mal, null);
    s.send({ type: 'subscribe', channel: `messages/${privateChat}`, after_seq: 0 });
    expect(await s.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'forbidden', channel: `messages/${privateChat}` });
    s.send({ type: 'message', channel: `messages/${privateChat}`, content: 'intrusion', client_id: 'mal-1' });
    expect(await s.waitFor((f) => f.type === 'error' && f.client_id === 'mal-1')).toMatchObject({ code: 'forbidden' });
    s.send({ type: 'typing', channel: `messages/${privateChat}`, is_typing: true });
    await s.waitForCount((f) => f.type === 'error' && f.code === 'forbidden', 3);
    // messages/* covers only Mal's own chats: nothing of Ann and Ben's arrives.
    s.send({ type: 'subscribe', channel: 'messages/*' });
    await s.waitFor((f) => f.type === 'subscribed' && f.channel === 'messages/*');
    await as(ben.token, 'POST', `/chats/${privateChat}/messages`, { content: 'ben answers' });
    expect(await s.collectFor((f) => f.type === 'new_message' || f.type === 'typing', 300)).toEqual([]);
    seen.push(JSON.stringify(s.frames));
    await s.close();
    const stored = await as(ann.token, 'GET', `/chats/${privateChat}/messages`);
    seen.pop(); // Ann reading her own chat is not a leak.
    expect(stored.body.map((m: { content: string }) => m.content)).toEqual([SECRET_TEXT, 'ben answers']);
  });

  it('are closed to a non-member over REST: list, send and mark read are 403', async () => {
    expect((await as(mal.token, 'GET', `/chats/${privateChat}/messages?after_seq=0`)).status).toBe(403);
    expect((await as(mal.token, 'POST', `/chats/${privateChat}/messages`, { content: 'intrusion' })).status).toBe(403);
    expect((await as(mal.token, 'POST', `/chats/${privateChat}/read`, { seq: 1 })).status).toBe(403);
    const mine = await as(mal.token, 'GET', '/chats');
    expect(mine.body).toEqual([]);
  });
});

describe('connections and chats', () => {
  it("refuses accepting someone else's request, and chats with non-connections", async () => {
    const cat = await registerUser(srv.url, 'Cat');
    const req = await as(ann.token, 'POST', '/connections', { to_user_id: cat.id });
    expect(req.status).toBe(201);
    expect((await as(mal.token, 'POST', `/connections/${req.body.id}/accept`)).status).toBe(403);
    // Not even the requester may accept on the addressee's behalf.
    expect((await as(ann.token, 'POST', `/connections/${req.body.id}/accept`)).status).toBe(403);
    expect((await as(mal.token, 'POST', '/chats', { member_ids: [ann.id] })).status).toBe(403);
    // A pending request is not a connection either.
    expect((await as(ann.token, 'POST', '/chats', { member_ids: [cat.id] })).status).toBe(403);
    const other = await as(mal.token, 'GET', `/users/${ann.id}`);
    expect(other.status).toBe(200);
    expect(other.body.email).toBeUndefined();
    const search = await as(mal.token, 'GET', '/users?q=a');
    for (const u of search.body as { id: number; email?: string }[]) if (u.id !== mal.id) expect(u.email).toBeUndefined();
  });
});

describe('upload paths', () => {
  it('serve no file outside the uploads folder, however the path is spelled', async () => {
    const up = await fetch(`${srv.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${mal.token}`, 'content-type': 'image/png', 'x-filename': '../../../jwt-secret' }, body: Buffer.from('\x89PNG fake') });
    expect(up.status).toBe(201);
    const { url, download_url } = (await up.json()) as { url: string; download_url: string };
    expect(url).toMatch(/^\/upload\/files\/[A-Za-z0-9_-]{24}\.png$/);
    expect((await rawGet(download_url)).status).toBe(200);
    // Without a token or a signature the file itself is refused too.
    expect((await rawGet(url)).status).toBe(401);
    // The X-Filename did not steer where the file went.
    expect((await readdir(join(srv.dataDir, 'uploads'))).filter((f) => !f.startsWith('.'))).toEqual([url.split('/').pop()]);
    const secretFile = (await readFile(join(srv.dataDir, 'jwt-secret'), 'utf8')).trim();
    const name = url.split('/').pop()!;
    const attempts = [
      '/upload/files/../jwt-secret', '/upload/files/../../jwt-secret', '/upload/files/..%2fjwt-secret', '/upload/files/%2e%2e%2fjwt-secret',
      '/upload/files/%2e%2e/jwt-secret', '/upload/files/%252e%252e%252fjwt-secret', '/upload/files/..%252fjwt-secret', '/upload/files//etc/passwd',
      '/upload/files/%2fetc%2fpasswd', '/upload/files/..\\jwt-secret', '/upload/files/..%5cjwt-secret', '/upload/files/..%5c..%5cparley.db',
      `/upload/files/${name}%00.txt`, `/upload/files/${name}\u0000`, '/upload/files/%00', '/upload/files/parley.db', '/upload/files/.%2e/parley.db',
      `/upload/files/../uploads/${name}`, `/upload/files/./${name}`, '/upload/files/jwt-secret', '/upload/files/', '/upload/../jwt-secret',
    ];
    for (const path of attempts) {
      const res = await rawGet(path);
      seen.push(res.body);
      expect([0, 400, 404], `${path} → ${res.status}`).toContain(res.status);
      expect(res.body).not.toContain(secretFile);
      expect(res.body).not.toContain('root:');
      expect(res.body).not.toContain('SQLite format');
    }
  });
});

// Tokens issued to real users keep working throughout (the refusals above are not collateral).
describe('control', () => {
  it('accepts genuine tokens', async () => {
    expect((await as(ann.token, 'GET', '/users/me')).status).toBe(200);
    seen.pop();
    const s = await connect(wsUrl(srv.wsUrl, `/ws/messages/${privateChat}`, { token: ben.token }));
    await s.close();
  });
});
