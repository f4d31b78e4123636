import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, type Frame } from './client.js';
import { closeAll, open } from './fixtures.js';

const GRACE_MS = 600;
let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ presenceGraceMs: GRACE_MS });
});
afterAll(async () => {
  await srv?.close();
});

async function users(...names: string[]): Promise<TestUser[]> {
  return Promise.all(names.map((n) => registerUser(srv.url, n)));
}

const about = (type: string, userId: number) => (f: Frame) => f.type === type && f.user_id === userId;

describe('online', () => {
  it('starts with online_users listing only online accepted connections', async () => {
    const [ann, ben, cat, dan] = await users('Ann', 'Ben', 'Cat', 'Dan');
    await connectUsers(srv.url, ann!, ben!);
    await connectUsers(srv.url, cat!, ann!);
    // Dan is online but not connected to Ann; Cat is connected but offline.
    const benS = await open(srv, ben!, 'feed');
    const danS = await open(srv, dan!, 'feed');
    const annOnline = await open(srv, ann!, 'online');
    const first = await annOnline.waitFor(() => true);
    expect(first).toEqual({ type: 'online_users', users: [{ user_id: ben!.id, full_name: 'Ben' }], channel: 'online' });
    await closeAll([benS, danS, annOnline]);
  });

  it('announces user_online and, after the grace period, user_offline — only to accepted connections', async () => {
    const [ann, ben, eve] = await users('Ann', 'Ben', 'Eve');
    await connectUsers(srv.url, ann!, ben!);
    const annOnline = await open(srv, ann!, 'online');
    const eveOnline = await open(srv, eve!, 'online');
    await annOnline.waitFor(isType('online_users'));
    await eveOnline.waitFor(isType('online_users'));
    // Any socket counts: Ben opens the notifications channel only.
    const benS = await open(srv, ben!, 'notifications');
    expect(await annOnline.waitFor(about('user_online', ben!.id))).toEqual({ type: 'user_online', user_id: ben!.id, full_name: 'Ben', channel: 'online' });
    const closedAt = Date.now();
    await benS.close();
    const off = await annOnline.waitFor(about('user_offline', ben!.id), 5000);
    expect(off).toEqual({ type: 'user_offline', user_id: ben!.id, channel: 'online' });
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    // Eve is not connected to Ben: she heard nothing.
    expect(eveOnline.frames.filter((f) => f.user_id === ben!.id)).toEqual([]);
    await closeAll([annOnline, eveOnline]);
  });

  it('does not flap when the last socket reconnects within the grace period', async () => {
    const [ann, ben] = await users('Ann', 'Ben');
    await connectUsers(srv.url, ann!, ben!);
    const annOnline = await open(srv, ann!, 'online');
    await annOnline.waitFor(isType('online_users'));
    const b1 = await open(srv, ben!, 'online');
    await annOnline.waitFor(about('user_online', ben!.id));
    await b1.close();
    await new Promise((r) => setTimeout(r, GRACE_MS / 3));
    const b2 = await open(srv, ben!, null);
    const frames = await annOnline.collectFor((f) => f.user_id === ben!.id, GRACE_MS * 2);
    expect(frames.map((f) => f.type)).toEqual(['user_online']);
    // Still online as far as a newcomer can tell.
    const annAgain = await open(srv, ann!, null);
    annAgain.send({ type: 'subscribe', channel: 'online' });
    expect(await annAgain.waitFor(isType('online_users'))).toMatchObject({ users: [{ user_id: ben!.id }], channel: 'online' });
    await closeAll([annOnline, b2, annAgain]);
  });

  it('lets two online users learn about each other when their connection is accepted', async () => {
    const [ann, ben] = await users('Ann', 'Ben');
    const annOnline = await open(srv, ann!, 'online');
    const benOnline = await open(srv, ben!, 'online');
    expect(await annOnline.waitFor(isType('online_users'))).toMatchObject({ users: [] });
    await benOnline.waitFor(isType('online_users'));
    const req = await api(srv.url, ann!.token).post('/connections', { to_user_id: ben!.id });
    await api(srv.url, ben!.token).post(`/connections/${req.body.id}/accept`);
    expect(await annOnline.waitFor(about('user_online', ben!.id))).toMatchObject({ full_name: 'Ben' });
    expect(await benOnline.waitFor(about('user_online', ann!.id))).toMatchObject({ full_name: 'Ann' });
    await closeAll([annOnline, benOnline]);
  });

  it('closes every socket with 1001 (going away) when the server shuts down', async () => {
    const local = await startTestServer({ presenceGraceMs: 100 });
    const [a, b] = (await Promise.all(['A', 'B'].map((n) => registerUser(local.url, n)))) as [TestUser, TestUser];
    await connectUsers(local.url, a, b);
    const aS = await open(local, a, 'online');
    const bS = await open(local, b, 'online');
    await aS.waitFor(isType('online_users'));
    await local.close();
    expect((await aS.closed).code).toBe(1001);
    expect((await bS.closed).code).toBe(1001);
  });
});
