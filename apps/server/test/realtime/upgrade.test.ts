import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { connect, refusedUpgrade, wsUrl } from './client.js';
import { newChat, open } from './fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let eve: TestUser;
let chatId: number;

beforeAll(async () => {
  srv = await startTestServer();
  [ann, ben, eve] = await Promise.all(['Ann', 'Ben', 'Eve'].map((n) => registerUser(srv.url, n))) as [TestUser, TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
  chatId = await newChat(srv, ann, [ben]);
});
afterAll(async () => {
  await srv?.close();
});

describe('upgrade auth', () => {
  it('refuses a missing, garbage, expired or wrongly signed token with 401 and a JSON error', async () => {
    const expired = jwt.sign({}, srv.config.jwtSecret, { algorithm: 'HS256', subject: String(ann.id), expiresIn: -60 });
    const forged = jwt.sign({}, 'not-the-server-secret-at-all', { algorithm: 'HS256', subject: String(ann.id), expiresIn: 3600 });
    for (const path of ['/ws/feed', `/ws/messages/${chatId}`, '/ws']) {
      for (const token of [undefined, 'garbage', expired, forged]) {
        const res = await refusedUpgrade(wsUrl(srv.wsUrl, path, { token }));
        expect(res.status, `${path} with ${token?.slice(0, 10)}`).toBe(401);
        expect(res.body.error.code).toBe('unauthorized');
      }
    }
  });

  it('refuses a chat the user is not a member of with 403, and a chat that does not exist too', async () => {
    expect((await refusedUpgrade(wsUrl(srv.wsUrl, `/ws/messages/${chatId}`, { token: eve.token }))).status).toBe(403);
    expect((await refusedUpgrade(wsUrl(srv.wsUrl, '/ws/messages/999999', { token: ann.token }))).status).toBe(403);
  });

  it('answers 404 for a channel that does not exist, and for messages/* outside /ws', async () => {
    for (const path of ['/ws/nope', '/ws/messages/abc', '/ws/messages/*', '/ws/feed/1']) {
      expect((await refusedUpgrade(wsUrl(srv.wsUrl, path, { token: ann.token }))).status, path).toBe(404);
    }
  });

  it('accepts the token as an Authorization header', async () => {
    const s = await connect(wsUrl(srv.wsUrl, '/ws/feed'), { headers: { authorization: `Bearer ${ann.token}` } });
    s.send({ type: 'ping' });
    await s.waitFor((f) => f.type === 'pong');
    await s.close();
  });

  it('accepts the token as the subprotocol pair "bearer, <token>" and echoes "bearer"', async () => {
    const s = await connect(wsUrl(srv.wsUrl, `/ws/messages/${chatId}`), { protocols: ['bearer', ann.token] });
    expect(s.protocol).toBe('bearer');
    s.send({ type: 'ping' });
    await s.waitFor((f) => f.type === 'pong');
    await s.close();
    const bad = await refusedUpgrade(wsUrl(srv.wsUrl, '/ws/feed'), { protocols: ['bearer', 'garbage'] });
    expect(bad.status).toBe(401);
  });

  it('counts open sockets by channel', async () => {
    const a = await open(srv, ann, 'feed');
    const b = await open(srv, ann, null);
    const metrics = await fetch(`${srv.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/parley_open_sockets\{channel="feed"\} [1-9]/);
    expect(metrics).toMatch(/parley_open_sockets\{channel="multiplexed"\} [1-9]/);
    await a.close();
    await b.close();
  });
});
