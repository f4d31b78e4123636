import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer } from '../harness.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('connections', () => {
  it('request → pending, addressee accepts → accepted, lists on both sides', async () => {
    const a = await registerUser(srv.url, 'Anna');
    const b = await registerUser(srv.url, 'Ben');
    const req = await api(srv.url, a.token).post('/connections', { to_user_id: b.id });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ id: expect.any(Number), from_user_id: a.id, to_user_id: b.id, status: 'pending' });

    const pending = await api(srv.url, b.token).get('/connections/requests');
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual([expect.objectContaining({ id: req.body.id, from_user_id: a.id, to_user_id: b.id, status: 'pending', from_user_name: 'Anna' })]);
    // Requests I sent are not "addressed to me".
    expect((await api(srv.url, a.token).get('/connections/requests')).body).toEqual([]);
    expect((await api(srv.url, a.token).get('/connections')).body).toEqual([]);

    const acc = await api(srv.url, b.token).post(`/connections/${req.body.id}/accept`);
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ id: req.body.id, from_user_id: a.id, to_user_id: b.id, status: 'accepted' });

    expect((await api(srv.url, a.token).get('/connections')).body).toEqual([{ connection_id: req.body.id, user: { id: b.id, full_name: 'Ben' } }]);
    expect((await api(srv.url, b.token).get('/connections')).body).toEqual([{ connection_id: req.body.id, user: { id: a.id, full_name: 'Anna' } }]);
    expect((await api(srv.url, b.token).get('/connections/requests')).body).toEqual([]);
  });

  it('only the addressee may accept (403 for the requester and for strangers)', async () => {
    const a = await registerUser(srv.url);
    const b = await registerUser(srv.url);
    const c = await registerUser(srv.url);
    const req = await api(srv.url, a.token).post('/connections', { to_user_id: b.id });
    const byRequester = await api(srv.url, a.token).post(`/connections/${req.body.id}/accept`);
    expect(byRequester.status).toBe(403);
    expect(byRequester.body.error.code).toBe('forbidden');
    expect((await api(srv.url, c.token).post(`/connections/${req.body.id}/accept`)).status).toBe(403);
    // Still pending for the addressee.
    expect((await api(srv.url, b.token).get('/connections/requests')).body).toHaveLength(1);
  });

  it('accepting twice is harmless', async () => {
    const a = await registerUser(srv.url);
    const b = await registerUser(srv.url);
    const req = await api(srv.url, a.token).post('/connections', { to_user_id: b.id });
    expect((await api(srv.url, b.token).post(`/connections/${req.body.id}/accept`)).status).toBe(200);
    const again = await api(srv.url, b.token).post(`/connections/${req.body.id}/accept`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('accepted');
  });

  it('a repeated request, from either side, returns the existing row', async () => {
    const a = await registerUser(srv.url);
    const b = await registerUser(srv.url);
    const first = await api(srv.url, a.token).post('/connections', { to_user_id: b.id });
    const second = await api(srv.url, a.token).post('/connections', { to_user_id: b.id });
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const reverse = await api(srv.url, b.token).post('/connections', { to_user_id: a.id });
    expect(reverse.body.id).toBe(first.body.id);
    expect((await api(srv.url, b.token).get('/connections/requests')).body).toHaveLength(1);
  });

  it('refuses yourself (422), unknown users (404), bad bodies (422) and unknown requests (404)', async () => {
    const a = await registerUser(srv.url);
    const self = await api(srv.url, a.token).post('/connections', { to_user_id: a.id });
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('invalid');
    expect((await api(srv.url, a.token).post('/connections', { to_user_id: 987654 })).status).toBe(404);
    expect((await api(srv.url, a.token).post('/connections', { to_user_id: 'x' })).status).toBe(422);
    expect((await api(srv.url, a.token).post('/connections', {})).status).toBe(422);
    expect((await api(srv.url, a.token).post('/connections/987654/accept')).status).toBe(404);
  });

  it('needs a token', async () => {
    expect((await api(srv.url).post('/connections', { to_user_id: 1 })).status).toBe(401);
    expect((await api(srv.url).get('/connections')).status).toBe(401);
    expect((await api(srv.url).get('/connections/requests')).status).toBe(401);
    expect((await api(srv.url).post('/connections/1/accept')).status).toBe(401);
  });
});
