/**
 * Redis trouble, on a Redis of the test's own: a node refuses to start without its bus,
 * keeps serving its own sockets while the bus is down, and when Redis comes back (empty:
 * no persistence) asks every client to reconnect (4000) so they resume from the store
 * with nothing missed; presence is rebuilt from the nodes' own state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, makeTempDir, registerUser, spawnServerProcess, type TestUser } from '../harness.js';
import { connect, isType, wsUrl, type Frame, type TestSocket } from '../realtime/client.js';
import { startCluster, type Node, type TestCluster } from './cluster.js';
import { startPrivateRedis, redisServerAvailable, type PrivateRedis } from './privateRedis.js';
import { missingServices } from './services.js';

const DELIVERY_MS = 15_000;
const missing = (await missingServices()) ?? (redisServerAvailable() ? null : 'redis-server is not installed');
if (missing) console.warn(`bus outage tests skipped: ${missing}`);

const open = (node: Node, user: TestUser, path: string, query: Record<string, number> = {}) => connect(wsUrl(node.wsUrl, path, { token: user.token, ...query }));
const seqs = (s: TestSocket) => s.frames.filter(isType('new_message')).map((f: Frame) => f.seq as number);

describe.skipIf(missing !== null)('the Redis bus going away', () => {
  let redis: PrivateRedis;
  let cluster: TestCluster;
  let A: Node, B: Node;
  let ann: TestUser, ben: TestUser, cat: TestUser;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    cluster = await startCluster(2, { redisUrl: redis.url });
    [A, B] = cluster.nodes as [Node, Node];
    [ann, ben, cat] = await Promise.all([registerUser(A.url, 'Ann'), registerUser(B.url, 'Ben'), registerUser(A.url, 'Cat')]);
    await connectUsers(A.url, ann, ben);
    await connectUsers(A.url, ann, cat);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await cluster?.close();
    await redis?.stop();
  });

  it('refuses to start when the bus cannot be reached', async () => {
    const dir = await makeTempDir();
    const failed = spawnServerProcess(['--port', '0', '--data-dir', dir, '--bus', 'redis://127.0.0.1:1', '--log-level', 'info'], { timeoutMs: 30_000 });
    await expect(failed).rejects.toThrow(/cannot reach the Redis bus/);
  });

  it('serves local sockets during the outage, then makes everyone resume with nothing missed', async () => {
    const chatId = (await api(A.url, ann.token).post('/chats', { member_ids: [ben.id, cat.id] })).body.id as number;
    const sa = await open(A, ann, `/ws/messages/${chatId}`);
    const sc = await open(A, cat, `/ws/messages/${chatId}`);
    const sb = await open(B, ben, `/ws/messages/${chatId}`);
    sockets.push(sa, sc, sb);
    sa.send({ type: 'message', content: 'before', client_id: 'before' });
    for (const s of [sa, sb, sc]) await s.waitFor((f) => f.type === 'new_message' && f.seq === 1, DELIVERY_MS);

    await redis.kill();
    // Stored durably, and delivered to the sockets on the sender's node.
    sa.send({ type: 'message', content: 'during', client_id: 'during' });
    for (const s of [sa, sc]) expect(await s.waitFor((f) => f.type === 'new_message' && f.seq === 2, DELIVERY_MS)).toMatchObject({ content: 'during' });

    await redis.restart();
    // Every node may have missed events: its clients are told to reconnect and resume.
    for (const s of [sa, sb, sc]) expect((await s.closed).code).toBe(4000);
    const lastSeen = Math.max(...seqs(sb));
    const sb2 = await open(B, ben, `/ws/messages/${chatId}`, { after_seq: lastSeen });
    sockets.push(sb2);
    await sb2.waitFor((f) => f.type === 'new_message' && f.seq === 2, DELIVERY_MS);
    const sa2 = await open(A, ann, `/ws/messages/${chatId}`, { after_seq: 2 });
    sockets.push(sa2);
    // And the bus works again, across nodes.
    sa2.send({ type: 'message', content: 'after', client_id: 'after' });
    await sb2.waitFor((f) => f.type === 'new_message' && f.seq === 3, DELIVERY_MS);
    expect(seqs(sb2)).toEqual(lastSeen < 2 ? [2, 3] : [3]);
  }, 60_000);

  it('rebuilds cluster presence after Redis lost its data', async () => {
    // Ann is online on A (sa2 above, back within the grace period, so A announced no
    // change). A node that joins now learns it only from the state A wrote again.
    const C = await cluster.addNode();
    const watch = await open(C, cat, '/ws/online');
    sockets.push(watch);
    const list = await watch.waitFor(isType('online_users'), DELIVERY_MS);
    expect(list.users).toContainEqual({ user_id: ann.id, full_name: 'Ann' });
  });
});
