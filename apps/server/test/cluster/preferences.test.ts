/**
 * Notification preferences across two nodes on one PostgreSQL database and one Redis
 * bus: a change made through node A reaches the user's socket on node B (their other
 * device), and changes from both nodes at once both survive (the row lock merges them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, type TestUser } from '../harness.js';
import { connect, isType, wsUrl, type TestSocket } from '../realtime/client.js';
import { startCluster, type Node, type TestCluster } from './cluster.js';
import { missingServices } from './services.js';

const missing = await missingServices();
if (missing) console.warn(`cluster preferences tests skipped: ${missing}`);

function patch(node: Node, user: TestUser, body: unknown) {
  return api(node.url, user.token).request('PATCH', '/users/me/preferences', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

describe.skipIf(missing !== null)('notification preferences on a two-node cluster', () => {
  let cluster: TestCluster;
  let A: Node, B: Node;
  let ann: TestUser;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    cluster = await startCluster(2);
    [A, B] = cluster.nodes as [Node, Node];
    ann = await registerUser(A.url, 'Ann');
  }, 90_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await cluster?.close();
  });

  it('a change through node A reaches my device on node B', async () => {
    const phone = await connect(wsUrl(B.wsUrl, '/ws/notifications', { token: ann.token }));
    sockets.push(phone);
    const res = await patch(A, ann, { privacy: 'sender', quiet_hours: { enabled: true, start: '23:00', end: '06:00' } });
    expect(res.status).toBe(200);
    const frame = await phone.waitFor(isType('preferences_updated'));
    expect(frame.preferences).toEqual(res.body);
    expect((await api(B.url, ann.token).get('/users/me/preferences')).body).toEqual(res.body);
  });

  it('changes made through both nodes at once both survive', async () => {
    const before = (await api(A.url, ann.token).get('/users/me/preferences')).body.version as number;
    const results = await Promise.all([patch(A, ann, { privacy: 'none' }), patch(B, ann, { dnd: { enabled: true, until: null } })]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.version).sort()).toEqual([before + 1, before + 2]);
    const after = (await api(B.url, ann.token).get('/users/me/preferences')).body;
    expect(after).toMatchObject({ version: before + 2, privacy: 'none', dnd: { enabled: true, until: null } });
  });
});
