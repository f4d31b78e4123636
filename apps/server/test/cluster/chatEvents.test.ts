/**
 * Chat events across two nodes on one PostgreSQL database and one Redis bus: events
 * cross the bus in seq order, a removal on one node revokes the member's socket and
 * refreshes the member cache on the other (so a send through it is refused), and a 1:1
 * chat stays unique when both users open it through different nodes at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@parley/protocol';
import { api, connectUsers, registerUser, type TestUser } from '../harness.js';
import { connect, isType, wsUrl, type TestSocket } from '../realtime/client.js';
import { startCluster, type Node, type TestCluster } from './cluster.js';
import { missingServices } from './services.js';

const missing = await missingServices();
if (missing) console.warn(`cluster chat event tests skipped: ${missing}`);

describe.skipIf(missing !== null)('chat events on a two-node cluster', () => {
  let cluster: TestCluster;
  let A: Node, B: Node;
  let ann: TestUser, ben: TestUser;
  const sockets: TestSocket[] = [];
  const open = async (node: Node, user: TestUser, path: string) => {
    const s = await connect(wsUrl(node.wsUrl, path, { token: user.token }));
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    cluster = await startCluster(2);
    [A, B] = cluster.nodes as [Node, Node];
    [ann, ben] = await Promise.all([registerUser(A.url, 'Ann'), registerUser(B.url, 'Ben')]);
    await connectUsers(A.url, ann, ben);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await cluster?.close();
  });

  it('keeps a 1:1 chat unique when both users open it through different nodes at once', async () => {
    const [fromA, fromB] = await Promise.all([
      api(A.url, ann.token).post('/chats', { member_ids: [ben.id] }),
      api(B.url, ben.token).post('/chats', { member_ids: [ann.id] }),
    ]);
    expect(fromA.body.id).toBe(fromB.body.id);
    expect([fromA.status, fromB.status].sort()).toEqual([200, 201]);
  });

  it('carries events across nodes and revokes a removed member on the other node at once', async () => {
    const chatId = (await api(A.url, ann.token).post('/chats', { member_ids: [ben.id], title: 'Across' })).body.id as number;
    // Ben talks through node B, so B has the chat's member list cached.
    const sent = await api(B.url, ben.token).post(`/chats/${chatId}/messages`, { content: 'from B' });
    expect(sent.status).toBe(201);
    const onB = await open(B, ben, `/ws/messages/${chatId}`);
    const edit = await api(A.url, ben.token).request('PATCH', `/chats/${chatId}/messages/${sent.body.seq}`, { body: JSON.stringify({ content: 'edited via A' }), headers: { 'content-type': 'application/json' } });
    expect(edit.status).toBe(200);
    expect(await onB.waitFor(isType('message_edited'))).toMatchObject({ seq: edit.body.seq, content: 'edited via A' });

    expect((await api(A.url, ann.token).request('DELETE', `/chats/${chatId}/members/${ben.id}`)).status).toBe(200);
    expect(await onB.waitFor(isType('member_removed'))).toMatchObject({ user_id: ben.id });
    expect((await onB.closed).code).toBe(CLOSE_CODES.forbidden);
    // Node B heard the removal before it cut the socket, so its member cache is current.
    expect((await api(B.url, ben.token).post(`/chats/${chatId}/messages`, { content: 'still in?' })).status).toBe(403);
    expect((await api(B.url, ben.token).get(`/chats/${chatId}/events`)).status).toBe(403);
  });
});
