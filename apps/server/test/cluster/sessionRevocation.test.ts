/**
 * Session revocation on a two-node cluster (issue 12): signing a session out, reusing a
 * rotated refresh token and deactivating an account through node A close the affected
 * sockets held by node B within a second, with the right close code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@parley/protocol';
import { runAdminCli } from '../../src/adminCli.js';
import { api, registerUser } from '../harness.js';
import { connect, isType, wsUrl, type TestSocket } from '../realtime/client.js';
import { startCluster, type Node, type TestCluster } from './cluster.js';
import { missingServices, REDIS_URL } from './services.js';

const missing = await missingServices();
if (missing) console.warn(`cluster session tests skipped: ${missing}`);

describe.skipIf(missing !== null)('session revocation on a two-node cluster', () => {
  let cluster: TestCluster;
  let A: Node, B: Node;
  const sockets: TestSocket[] = [];
  const open = async (node: Node, token: string) => {
    const s = await connect(wsUrl(node.wsUrl, '/ws', { token }));
    sockets.push(s);
    s.send({ type: 'ping' });
    await s.waitFor(isType('pong'));
    return s;
  };
  const login = async (node: Node, email: string, password: string) => {
    const res = await api(node.url).post('/auth/login', { email, password });
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token: string; session_id: number };
  };
  /** Resolves with the close and how long after `since` it came. */
  const closedAfter = async (s: TestSocket, since: number) => ({ ...(await s.closed), ms: Date.now() - since });

  beforeAll(async () => {
    cluster = await startCluster(2);
    [A, B] = cluster.nodes as [Node, Node];
  }, 90_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await cluster?.close();
  });

  it('DELETE /auth/sessions/:id on node A closes that session’s socket on node B with 4500 within a second', async () => {
    const u = await registerUser(A.url);
    const phone = await login(B, u.email, u.password);
    const onB = await open(B, phone.access_token);
    const keep = await open(B, u.token);
    const since = Date.now();
    expect((await api(A.url, u.token).request('DELETE', `/auth/sessions/${phone.session_id}`)).status).toBe(204);
    const closed = await closedAfter(onB, since);
    expect(closed).toMatchObject({ code: CLOSE_CODES.tokenRejected, reason: 'session revoked' });
    expect(closed.ms).toBeLessThan(1000);
    keep.send({ type: 'ping' });
    await keep.waitFor((f) => f.type === 'pong' && keep.frames.filter(isType('pong')).length === 2);
  });

  it('reusing a rotated refresh token on node A closes the session’s sockets on node B', async () => {
    const u = await registerUser(A.url);
    const first = await login(A, u.email, u.password);
    const rotated = await api(B.url).post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(rotated.status).toBe(200);
    const onB = await open(B, rotated.body.access_token);
    const since = Date.now();
    expect((await api(A.url).post('/auth/refresh', { refresh_token: first.refresh_token })).status).toBe(401);
    const closed = await closedAfter(onB, since);
    expect(closed.code).toBe(CLOSE_CODES.tokenRejected);
    expect(closed.ms).toBeLessThan(1000);
  });

  it('deactivation by the admin command with --bus closes the user’s sockets on every node with 4501', async () => {
    const u = await registerUser(A.url);
    const onA = await open(A, u.token);
    const onB = await open(B, (await login(B, u.email, u.password)).access_token);
    const since = Date.now();
    await runAdminCli(['deactivate', '--email', u.email, '--data-dir', cluster.dataDir, '--store', cluster.db.url, '--bus', REDIS_URL, '--bus-prefix', cluster.prefix], { PARLEY_JWT_SECRET: 'unused-by-the-admin-command' }, { out: () => undefined });
    for (const s of [onA, onB]) {
      const closed = await closedAfter(s, since);
      expect(closed).toMatchObject({ code: CLOSE_CODES.accountRemoved, reason: 'account deactivated' });
      expect(closed.ms).toBeLessThan(1500);
    }
    expect((await api(B.url).post('/auth/login', { email: u.email, password: u.password })).status).toBe(403);
  });
});
