/**
 * Declining, removing and blocking: both sides hear `connection_removed`, presence stops
 * both ways, and a blocked person can neither request nor message the blocker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType } from './client.js';
import { closeAll, open } from './fixtures.js';

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ presenceGraceMs: 100 });
});
afterAll(async () => {
  await srv?.close();
});

const users = (...names: string[]) => Promise.all(names.map((n) => registerUser(srv.url, n)));
const as = (u: TestUser) => api(srv.url, u.token);
const del = (u: TestUser, path: string) => as(u).request('DELETE', path);

describe('declining and removing', () => {
  it('the addressee declines; both sides hear it, nobody else may, and the pair may ask again', async () => {
    const [ann, ben, eve] = (await users('Ann', 'Ben', 'Eve')) as [TestUser, TestUser, TestUser];
    const annConn = await open(srv, ann, 'connections');
    const benConn = await open(srv, ben, 'connections');
    const req = await as(ann).post('/connections', { to_user_id: ben.id });
    expect((await as(ann).post(`/connections/${req.body.id}/decline`)).status).toBe(403);
    expect((await as(eve).post(`/connections/${req.body.id}/decline`)).status).toBe(404);
    expect((await as(ben).post(`/connections/${req.body.id}/decline`)).status).toBe(204);
    expect(await annConn.waitFor(isType('connection_removed'))).toEqual({ type: 'connection_removed', channel: 'connections', request_id: req.body.id, user_id: ben.id, reason: 'declined' });
    expect(await benConn.waitFor(isType('connection_removed'))).toMatchObject({ request_id: req.body.id, user_id: ann.id, reason: 'declined' });
    expect((await as(ben).get('/connections/requests')).body).toEqual([]);
    expect((await as(ben).post(`/connections/${req.body.id}/decline`)).status).toBe(404);
    expect((await as(ann).post('/connections', { to_user_id: ben.id })).status).toBe(201);
    await closeAll([annConn, benConn]);
  });

  it('either side removes a connection: lists empty, presence ends both ways, no new 1:1 chat', async () => {
    const [ann, ben] = (await users('Ann', 'Ben')) as [TestUser, TestUser];
    const conn = await connectUsers(srv.url, ann, ben);
    const benOnline = await open(srv, ben, 'online');
    await benOnline.waitFor(isType('online_users'));
    // Ann sees Ben online first, so the removal below must take him away.
    const annOnline = await open(srv, ann, 'online');
    await annOnline.waitFor((f) => (f.type === 'online_users' && f.users.some((u: { user_id: number }) => u.user_id === ben.id)) || (f.type === 'user_online' && f.user_id === ben.id));
    expect((await del(ben, `/connections/${conn.id}`)).status).toBe(204);
    expect(await annOnline.waitFor((f) => f.type === 'user_offline' && f.user_id === ben.id)).toBeTruthy();
    expect(await benOnline.waitFor((f) => f.type === 'user_offline' && f.user_id === ann.id)).toBeTruthy();
    expect((await as(ann).get('/connections')).body).toEqual([]);
    expect((await as(ann).post('/chats', { member_ids: [ben.id] })).status).toBe(403);
    await closeAll([annOnline, benOnline]);
    // A fresh `online` socket does not list the former connection either.
    const again = await open(srv, ann, 'online');
    const other = await open(srv, ben, 'feed');
    expect((await again.waitFor(isType('online_users'))).users).toEqual([]);
    await closeAll([again, other]);
  });
});

describe('blocking', () => {
  it('ends the connection, stops requests and 1:1 messages both ways, and tells the blocked side only "removed"', async () => {
    const [ann, mal] = (await users('Ann', 'Mal')) as [TestUser, TestUser];
    await connectUsers(srv.url, ann, mal);
    const chatId = (await as(mal).post('/chats', { member_ids: [ann.id] })).body.id as number;
    expect((await as(mal).post(`/chats/${chatId}/messages`, { content: 'hi' })).status).toBe(201);
    const annConn = await open(srv, ann, 'connections');
    const malConn = await open(srv, mal, 'connections');
    const malChat = await open(srv, mal, `messages/${chatId}`);

    const blocked = await as(ann).post(`/blocks/${mal.id}`);
    expect(blocked.status).toBe(201);
    expect(blocked.body).toEqual({ user: { id: mal.id, full_name: 'Mal' }, blocked_at: expect.any(String) });
    expect((await as(ann).post(`/blocks/${mal.id}`)).status).toBe(200);
    expect(await annConn.waitFor(isType('connection_removed'))).toMatchObject({ user_id: mal.id, reason: 'blocked' });
    expect(await malConn.waitFor(isType('connection_removed'))).toMatchObject({ user_id: ann.id, reason: 'removed' });

    const request = await as(mal).post('/connections', { to_user_id: ann.id });
    expect(request.status).toBe(403);
    expect(request.body.error.message).toBe('this person is not accepting connection requests from you');
    expect((await as(ann).post('/connections', { to_user_id: mal.id })).status).toBe(403);
    expect((await as(mal).post(`/chats/${chatId}/messages`, { content: 'let me in' })).status).toBe(403);
    expect((await as(ann).post(`/chats/${chatId}/messages`, { content: 'nor me' })).status).toBe(403);
    malChat.send({ type: 'message', content: 'over ws', client_id: 'ws-1' });
    expect(await malChat.waitFor((f) => f.type === 'error' && f.client_id === 'ws-1')).toMatchObject({ code: 'forbidden' });
    expect((await as(mal).post('/chats', { member_ids: [ann.id] })).status).toBe(403);
    expect((await as(ann).get('/blocks')).body).toEqual([blocked.body]);
    expect((await as(mal).get('/blocks')).body).toEqual([]);

    // Unblocking lifts the block, not the ended connection: they must connect again.
    expect((await del(ann, `/blocks/${mal.id}`)).status).toBe(204);
    expect((await del(ann, `/blocks/${mal.id}`)).status).toBe(404);
    expect((await as(mal).post(`/chats/${chatId}/messages`, { content: 'again' })).status).toBe(201);
    expect((await as(mal).post('/connections', { to_user_id: ann.id })).status).toBe(201);
    await closeAll([annConn, malConn, malChat]);
  });

  it('refuses blocking yourself or nobody, and needs a token', async () => {
    const [ann] = (await users('Ann')) as [TestUser];
    expect((await as(ann).post(`/blocks/${ann.id}`)).status).toBe(422);
    expect((await as(ann).post('/blocks/987654')).status).toBe(404);
    expect((await as(ann).post('/blocks/abc')).status).toBe(404);
    expect((await api(srv.url).get('/blocks')).status).toBe(401);
  });

  it('leaves group chats both are in usable', async () => {
    const [ann, ben, mal] = (await users('Ann', 'Ben', 'Mal')) as [TestUser, TestUser, TestUser];
    await connectUsers(srv.url, ann, ben);
    await connectUsers(srv.url, ann, mal);
    const group = (await as(ann).post('/chats', { member_ids: [ben.id, mal.id], title: 'trio' })).body.id as number;
    await as(ann).post(`/blocks/${mal.id}`);
    expect((await as(mal).post(`/chats/${group}/messages`, { content: 'still here' })).status).toBe(201);
  });
});
