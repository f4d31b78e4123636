/**
 * Sessions (issue 12): rotating refresh tokens with reuse detection, the sessions list,
 * signing out one / this / every session, and password change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

async function login(u: TestUser, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await api(srv.url).request('POST', '/auth/login', {
    body: JSON.stringify({ email: u.email, password: u.password, ...extra }),
    headers: { 'content-type': 'application/json', ...headers },
  });
  expect(res.status).toBe(200);
  return res.body as { access_token: string; refresh_token: string; session_id: number; expires_in: number };
}

const meStatus = async (token: string) => (await api(srv.url, token).get('/users/me')).status;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b2e0a50000000049454e44ae426082', 'hex');

describe('refresh tokens', () => {
  it('rotate: each refresh token works once and returns a new pair', async () => {
    const u = await registerUser(srv.url);
    const first = await login(u);
    const r1 = await api(srv.url).post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ token_type: 'bearer', user: { id: u.id }, session_id: first.session_id, expires_in: 900 });
    expect(r1.body.refresh_token).not.toBe(first.refresh_token);
    expect(await meStatus(r1.body.access_token)).toBe(200);
    const r2 = await api(srv.url).post('/auth/refresh', { refresh_token: r1.body.refresh_token });
    expect(r2.status).toBe(200);
  });

  it('reuse of a rotated refresh token revokes the whole session, for both holders', async () => {
    const u = await registerUser(srv.url);
    const first = await login(u);
    const rotated = await api(srv.url).post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(rotated.status).toBe(200);
    // A thief replays the old token: refused, and the session is over.
    const replay = await api(srv.url).post('/auth/refresh', { refresh_token: first.refresh_token });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already used/);
    expect(await meStatus(rotated.body.access_token)).toBe(401);
    expect((await api(srv.url).post('/auth/refresh', { refresh_token: rotated.body.refresh_token })).status).toBe(401);
  });

  it('refuses unknown refresh tokens with 401 and malformed bodies with 422', async () => {
    expect((await api(srv.url).post('/auth/refresh', { refresh_token: 'prt_nope' })).status).toBe(401);
    expect((await api(srv.url).post('/auth/refresh', { refresh_token: 42 })).status).toBe(422);
  });

  it('keeps SPEC §2: a valid bearer token alone renews the access token of the same session', async () => {
    const u = await registerUser(srv.url);
    const res = await api(srv.url, u.token).post('/auth/refresh');
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    expect(await meStatus(res.body.access_token)).toBe(200);
    expect((await api(srv.url, 'garbage').post('/auth/refresh')).status).toBe(401);
  });
});

describe('sessions list and sign out', () => {
  it('lists my sessions with device names and marks the current one', async () => {
    const u = await registerUser(srv.url);
    const laptop = await login(u, { device_name: 'Work laptop' });
    await login(u, {}, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Parley/0.1.0 Chrome/126.0 Electron/31.0' });
    const res = await api(srv.url, laptop.access_token).get('/auth/sessions');
    expect(res.status).toBe(200);
    const names = res.body.map((s: { device_name: string }) => s.device_name);
    expect(names).toEqual(expect.arrayContaining(['Work laptop', 'Parley 0.1.0 on Linux']));
    expect(res.body).toHaveLength(3);
    expect(res.body.filter((s: { current: boolean }) => s.current)).toEqual([expect.objectContaining({ id: laptop.session_id, device_name: 'Work laptop' })]);
    for (const s of res.body) expect(Date.parse(s.last_seen_at)).toBeGreaterThan(0);
  });

  it('DELETE /auth/sessions/:id signs that device out; another user’s session is not found', async () => {
    const u = await registerUser(srv.url);
    const other = await registerUser(srv.url);
    const phone = await login(u);
    expect((await api(srv.url, u.token).request('DELETE', `/auth/sessions/${phone.session_id}`)).status).toBe(204);
    expect(await meStatus(phone.access_token)).toBe(401);
    expect((await api(srv.url).post('/auth/refresh', { refresh_token: phone.refresh_token })).status).toBe(401);
    expect(await meStatus(u.token)).toBe(200);
    const mine = await login(u);
    expect((await api(srv.url, other.token).request('DELETE', `/auth/sessions/${mine.session_id}`)).status).toBe(404);
    expect(await meStatus(mine.access_token)).toBe(200);
  });

  it('POST /auth/logout ends this session only; /auth/logout-all ends every one', async () => {
    const u = await registerUser(srv.url);
    const a = await login(u);
    const b = await login(u);
    expect((await api(srv.url, a.access_token).post('/auth/logout')).status).toBe(204);
    expect(await meStatus(a.access_token)).toBe(401);
    expect(await meStatus(b.access_token)).toBe(200);
    expect((await api(srv.url, b.access_token).post('/auth/logout-all')).status).toBe(204);
    expect(await meStatus(b.access_token)).toBe(401);
    expect(await meStatus(u.token)).toBe(401);
  });
});

describe('POST /auth/password', () => {
  it('needs the current password, then signs out every other session and keeps this one', async () => {
    const u = await registerUser(srv.url);
    const other = await login(u);
    const wrong = await api(srv.url, u.token).post('/auth/password', { current_password: 'not it at all', new_password: 'brand new secret' });
    expect(wrong.status).toBe(403);
    expect((await api(srv.url, u.token).post('/auth/password', { current_password: u.password, new_password: 'short' })).status).toBe(422);
    const ok = await api(srv.url, u.token).post('/auth/password', { current_password: u.password, new_password: 'brand new secret' });
    expect(ok.status).toBe(204);
    expect(await meStatus(u.token)).toBe(200);
    expect(await meStatus(other.access_token)).toBe(401);
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: u.password })).status).toBe(401);
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: 'brand new secret' })).status).toBe(200);
  });
});

describe('downloads follow the session', () => {
  it("a revoked session's token is refused on the download and link routes; a signed link still works without one", async () => {
    const u = await registerUser(srv.url);
    const phone = await login(u);
    const up = await api(srv.url, phone.access_token).request('POST', '/upload', { body: PNG, headers: { 'content-type': 'image/png', 'x-filename': 'p.png' } });
    expect(up.status).toBe(201);
    const file = up.body.url as string;
    const signed = up.body.download_url as string;
    expect((await api(srv.url, phone.access_token).get(file)).status).toBe(200);

    expect((await api(srv.url, phone.access_token).post('/auth/logout')).status).toBe(204);
    expect((await api(srv.url, phone.access_token).get(file)).status).toBe(401);
    expect((await api(srv.url, phone.access_token).get(`${file}/link`)).status).toBe(401);
    // Presented with a signed link, an ended session's token is still refused, not ignored.
    expect((await api(srv.url, phone.access_token).get(signed)).status).toBe(401);
    expect((await api(srv.url).get(signed)).status).toBe(200);
    expect((await api(srv.url).get(file)).status).toBe(401);
    // The owner's other session is untouched.
    expect((await api(srv.url, u.token).get(file)).status).toBe(200);
  });
});
