/**
 * Open sockets follow their sessions (issue 12): closed with 4500 when their session is
 * revoked or their access token expires, with 4501 when the account is deactivated;
 * and profile edits reach the user's devices and connections as `profile_updated`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@parley/protocol';
import { runAdminCli } from '../../src/adminCli.js';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, refusedUpgrade, wsUrl } from './client.js';
import { closeAll, open } from './fixtures.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

async function secondSession(u: TestUser): Promise<TestUser> {
  const res = await api(srv.url).post('/auth/login', { email: u.email, password: u.password });
  expect(res.status).toBe(200);
  return { ...u, token: res.body.access_token };
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b2e0a50000000049454e44ae426082', 'hex');

describe('revocation closes sockets', () => {
  it('signing a session out closes its sockets with 4500 within a second; other sessions stay open', async () => {
    const u = await registerUser(srv.url);
    const other = await secondSession(u);
    const doomed = [await open(srv, u, null), await open(srv, u, 'notifications')];
    const survivor = await open(srv, other, null);
    const started = Date.now();
    expect((await api(srv.url, other.token).request('DELETE', `/auth/sessions/${(await api(srv.url, u.token).get('/auth/sessions')).body.find((s: { current: boolean }) => s.current).id}`)).status).toBe(204);
    for (const s of doomed) expect(await s.closed).toEqual({ code: CLOSE_CODES.tokenRejected, reason: 'session revoked' });
    expect(Date.now() - started).toBeLessThan(1000);
    survivor.send({ type: 'ping' });
    await survivor.waitFor(isType('pong'));
    // And the revoked token cannot open a new one.
    expect((await refusedUpgrade(wsUrl(srv.wsUrl, '/ws', { token: u.token }))).status).toBe(401);
    await survivor.close();
  });

  it('logout-all closes every socket of the user', async () => {
    const u = await registerUser(srv.url);
    const other = await secondSession(u);
    const sockets = [await open(srv, u, null), await open(srv, other, 'feed')];
    expect((await api(srv.url, u.token).post('/auth/logout-all')).status).toBe(204);
    for (const s of sockets) expect((await s.closed).code).toBe(CLOSE_CODES.tokenRejected);
  });

  it('deactivating an account closes its sockets with 4501 (terminal)', async () => {
    await runAdminCli(['create-admin', '--email', 'sock-admin@example.test', '--password', 'admin password 1', '--data-dir', srv.dataDir, '--store', srv.config.store], {}, { out: () => undefined });
    const admin = (await api(srv.url).post('/auth/login', { email: 'sock-admin@example.test', password: 'admin password 1' })).body.access_token as string;
    const u = await registerUser(srv.url);
    const s = await open(srv, u, null);
    expect((await api(srv.url, admin).post(`/admin/users/${u.id}/deactivate`)).status).toBe(200);
    expect(await s.closed).toEqual({ code: CLOSE_CODES.accountRemoved, reason: 'account deactivated' });
  });
});

describe('token expiry', () => {
  it('closes an open socket with 4500 when its access token expires', async () => {
    const short = await startTestServer({ tokenTtlSeconds: 2 });
    try {
      const u = await registerUser(short.url);
      const s = await open(short, u, null);
      const started = Date.now();
      expect(await s.closed).toEqual({ code: CLOSE_CODES.tokenRejected, reason: 'token expired' });
      const lived = Date.now() - started;
      expect(lived).toBeGreaterThan(500);
      expect(lived).toBeLessThan(3000);
      // The refresh token still works and its new token opens a socket again.
      const login = await api(short.url).post('/auth/login', { email: u.email, password: u.password });
      const fresh = await open(short, { ...u, token: login.body.access_token }, null);
      fresh.send({ type: 'ping' });
      await fresh.waitFor(isType('pong'));
      await fresh.close();
    } finally {
      await short.close();
    }
  });
});

describe('PATCH /users/me', () => {
  it('cleans the display name and tells my other devices and my connections', async () => {
    const me = await registerUser(srv.url);
    const friend = await registerUser(srv.url);
    const stranger = await registerUser(srv.url);
    await connectUsers(srv.url, me, friend);
    const myOther = await open(srv, await secondSession(me), 'connections');
    const friendSocket = await open(srv, friend, 'connections');
    const strangerSocket = await open(srv, stranger, null);
    strangerSocket.send({ type: 'subscribe', channel: 'connections' });
    await strangerSocket.waitFor(isType('subscribed'));

    const res = await api(srv.url, me.token).request('PATCH', '/users/me', {
      body: JSON.stringify({ full_name: ' Mal\u202Elory\u200b ' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: me.id, full_name: 'Mallory' });
    const expected = { type: 'profile_updated', user_id: me.id, full_name: 'Mallory', avatar_url: null };
    expect(await friendSocket.waitFor(isType('profile_updated'))).toMatchObject(expected);
    expect(await myOther.waitFor(isType('profile_updated'))).toMatchObject(expected);
    expect(await strangerSocket.collectFor(isType('profile_updated'), 300)).toEqual([]);
    expect((await api(srv.url, friend.token).get(`/users/${me.id}`)).body.full_name).toBe('Mallory');
    await closeAll([myOther, friendSocket, strangerSocket]);
  });

  it('sets an avatar only to an image this server stored, and clears it with null', async () => {
    const me = await registerUser(srv.url);
    const patch = (body: unknown) =>
      api(srv.url, me.token).request('PATCH', '/users/me', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const up = await api(srv.url, me.token).request('POST', '/upload', { body: PNG, headers: { 'content-type': 'image/png', 'x-filename': 'me.png' } });
    expect(up.status).toBe(201);
    const set = await patch({ avatar_url: up.body.url });
    expect(set.status).toBe(200);
    expect(set.body.avatar_url).toBe(up.body.url);
    expect((await api(srv.url, me.token).get('/users/me')).body.avatar_url).toBe(up.body.url);
    expect((await patch({ avatar_url: '/upload/files/AAAAAAAAAAAAAAAAAAAAAAAA.png' })).status).toBe(422);
    // Someone else's upload is not yours to show, even knowing its name.
    const other = await registerUser(srv.url);
    const theirs = await api(srv.url, other.token).request('POST', '/upload', { body: PNG, headers: { 'content-type': 'image/png', 'x-filename': 'x.png' } });
    expect((await patch({ avatar_url: theirs.body.url })).status).toBe(422);
    // An avatar is public to signed-in users, unlike an unshared upload.
    expect((await api(srv.url, other.token).get(up.body.url)).status).toBe(200);
    expect((await api(srv.url, me.token).get(theirs.body.url)).status).toBe(404);
    expect((await patch({ avatar_url: 'https://evil.example/x.png' })).status).toBe(422);
    expect((await patch({})).status).toBe(422);
    expect((await patch({ full_name: '\u200b\u202e' })).status).toBe(422);
    const cleared = await patch({ avatar_url: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.avatar_url).toBeUndefined();
  });

  it('keeps an avatar that was also sent as an attachment when that message is deleted', async () => {
    const me = await registerUser(srv.url);
    const friend = await registerUser(srv.url);
    await connectUsers(srv.url, me, friend);
    const up = await api(srv.url, me.token).request('POST', '/upload', { body: PNG, headers: { 'content-type': 'image/png', 'x-filename': 'me.png' } });
    const patched = await api(srv.url, me.token).request('PATCH', '/users/me', { body: JSON.stringify({ avatar_url: up.body.url }), headers: { 'content-type': 'application/json' } });
    expect(patched.status).toBe(200);
    const chatId = (await api(srv.url, me.token).post('/chats', { member_ids: [friend.id] })).body.id as number;
    const sent = await api(srv.url, me.token).post(`/chats/${chatId}/messages`, { content: 'my new picture', attachment: up.body.url });
    expect(sent.status).toBe(201);
    expect((await api(srv.url, me.token).request('DELETE', `/chats/${chatId}/messages/${sent.body.seq}`)).status).toBeLessThan(300);
    expect((await api(srv.url, friend.token).get(up.body.url)).status).toBe(200);
  });
});
