/**
 * Administration (issue 12): roles, /admin routes, deactivation and reactivation,
 * registration modes and invites. The first admin is made with the admin command,
 * in-process, against the test server's own database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '../../src/adminCli.js';
import { DEFAULT_ACCOUNT_LIMITS } from '../../src/config.js';
import { api, registerUser, startTestServer, type TestServer } from '../harness.js';

const NO_IP_LIMITS = { loginPerIpPerMinute: 0, registerPerIpPerHour: 0 };

async function makeAdmin(srv: TestServer, email: string): Promise<string> {
  const out: string[] = [];
  await runAdminCli(['create-admin', '--email', email, '--name', 'Root', '--password', 'admin password 1', '--data-dir', srv.dataDir, '--store', srv.config.store], {}, { out: (l) => out.push(l) });
  expect(out[0]).toMatch(/^admin \d+\t/);
  const res = await api(srv.url).post('/auth/login', { email, password: 'admin password 1' });
  expect(res.status).toBe(200);
  expect(res.body.user.role).toBe('admin');
  return res.body.access_token;
}

describe('admin routes', () => {
  let srv: TestServer;
  let admin: string;
  beforeAll(async () => {
    srv = await startTestServer();
    admin = await makeAdmin(srv, 'root@example.test');
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('are for admins only', async () => {
    const u = await registerUser(srv.url);
    for (const [method, path] of [['GET', '/admin/users'], ['POST', '/admin/users/1/deactivate'], ['GET', '/admin/invites'], ['POST', '/admin/invites']] as const) {
      const res = await api(srv.url, u.token).request(method, path, method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {});
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await api(srv.url).request(method, path)).status).toBe(401);
    }
  });

  it('lists users with role and status, paged by id', async () => {
    const u = await registerUser(srv.url);
    const res = await api(srv.url, admin).get('/admin/users?limit=500');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.arrayContaining([
      expect.objectContaining({ email: 'root@example.test', role: 'admin', status: 'active' }),
      expect.objectContaining({ id: u.id, email: u.email, role: 'user', status: 'active', created_at: expect.any(String) }),
    ]));
    const after = await api(srv.url, admin).get(`/admin/users?after_id=${u.id - 1}&limit=1`);
    expect(after.body.map((x: { id: number }) => x.id)).toEqual([u.id]);
    expect((await api(srv.url, admin).get('/admin/users?limit=0')).status).toBe(422);
  });

  it('deactivation: no login, no refresh, tokens refused, messages stay; reactivation restores login', async () => {
    const u = await registerUser(srv.url);
    const peer = await registerUser(srv.url);
    const c = await api(srv.url, u.token).post('/connections', { to_user_id: peer.id });
    await api(srv.url, peer.token).post(`/connections/${c.body.id}/accept`);
    const chat = await api(srv.url, u.token).post('/chats', { member_ids: [peer.id] });
    expect((await api(srv.url, u.token).post(`/chats/${chat.body.id}/messages`, { content: 'before' })).status).toBe(201);
    const session = await api(srv.url).post('/auth/login', { email: u.email, password: u.password });
    const up = await api(srv.url, u.token).request('POST', '/upload', { body: Buffer.from('hello'), headers: { 'content-type': 'text/plain', 'x-filename': 'a.txt' } });
    expect(up.status).toBe(201);

    const off = await api(srv.url, admin).post(`/admin/users/${u.id}/deactivate`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: u.id, status: 'deactivated' });
    expect((await api(srv.url, u.token).get('/users/me')).status).toBe(401);
    // Everywhere, the download routes included; a signed link handed out before still works.
    expect((await api(srv.url, u.token).get(up.body.url)).status).toBe(401);
    expect((await api(srv.url, u.token).get(`${up.body.url}/link`)).status).toBe(401);
    expect((await api(srv.url).get(up.body.download_url)).status).toBe(200);
    expect((await api(srv.url).post('/auth/refresh', { refresh_token: session.body.refresh_token })).status).toBe(401);
    const login = await api(srv.url).post('/auth/login', { email: u.email, password: u.password });
    expect(login.status).toBe(403);
    expect(login.body.error.message).toMatch(/deactivated/);
    // A wrong password still answers like any wrong password: the state is not revealed.
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: 'wrong password' })).status).toBe(401);
    const history = await api(srv.url, peer.token).get(`/chats/${chat.body.id}/messages`);
    expect(history.body.map((m: { content: string }) => m.content)).toEqual(['before']);

    expect((await api(srv.url, admin).post(`/admin/users/${u.id}/reactivate`)).body).toMatchObject({ status: 'active' });
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: u.password })).status).toBe(200);
    expect((await api(srv.url, admin).post('/admin/users/999999/deactivate')).status).toBe(404);
  });

  it('an admin cannot deactivate themself', async () => {
    const me = await api(srv.url, admin).get('/users/me');
    expect((await api(srv.url, admin).post(`/admin/users/${me.body.id}/deactivate`)).status).toBe(422);
  });
});

describe('registration modes', () => {
  it('invite: register needs an unused, unexpired invite code, used once', async () => {
    const srv = await startTestServer({ accounts: { ...DEFAULT_ACCOUNT_LIMITS, ...NO_IP_LIMITS, registration: 'invite' } });
    try {
      const admin = await makeAdmin(srv, 'inviter@example.test');
      const body = { email: 'new@example.test', password: 'password123', full_name: 'New' };
      const without = await api(srv.url).post('/auth/register', body);
      expect(without.status).toBe(403);
      expect(without.body.error.message).toMatch(/invite/);
      expect((await api(srv.url).post('/auth/register', { ...body, invite_code: 'made-up' })).status).toBe(403);

      const invite = await api(srv.url, admin).post('/admin/invites', { expires_in_hours: 2 });
      expect(invite.status).toBe(201);
      expect(invite.body).toMatchObject({ code: expect.any(String), used_by: null });
      expect(Date.parse(invite.body.expires_at) - Date.now()).toBeGreaterThan(7000_000);
      const ok = await api(srv.url).post('/auth/register', { ...body, invite_code: invite.body.code });
      expect(ok.status).toBe(201);
      const again = await api(srv.url).post('/auth/register', { ...body, email: 'second@example.test', invite_code: invite.body.code });
      expect(again.status).toBe(403);
      const list = await api(srv.url, admin).get('/admin/invites');
      expect(list.body[0]).toMatchObject({ code: invite.body.code, used_by: ok.body.user.id, used_at: expect.any(String) });

      // A taken email does not burn the invite.
      const spare = await api(srv.url, admin).post('/admin/invites', {});
      expect((await api(srv.url).post('/auth/register', { ...body, invite_code: spare.body.code })).status).toBe(409);
      expect((await api(srv.url).post('/auth/register', { ...body, email: 'third@example.test', invite_code: spare.body.code })).status).toBe(201);
      expect((await api(srv.url, admin).post('/admin/invites', { expires_in_hours: 0 })).status).toBe(422);
    } finally {
      await srv.close();
    }
  });

  it('closed: nobody can register; existing accounts still sign in', async () => {
    const srv = await startTestServer({ accounts: { ...DEFAULT_ACCOUNT_LIMITS, ...NO_IP_LIMITS, registration: 'closed' } });
    try {
      const res = await api(srv.url).post('/auth/register', { email: 'x@example.test', password: 'password123', full_name: 'X' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/closed/);
      await makeAdmin(srv, 'closed-admin@example.test');
    } finally {
      await srv.close();
    }
  });
});
