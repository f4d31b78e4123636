import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer } from '../harness.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('POST /auth/register', () => {
  it('creates an account and returns a bearer token with the user', async () => {
    const res = await api(srv.url).post('/auth/register', { email: 'Alice@Example.test', password: 'password123', full_name: ' Alice Liddell ' });
    expect(res.status).toBe(201);
    expect(res.body.token_type).toBe('bearer');
    expect(typeof res.body.access_token).toBe('string');
    expect(res.body.user).toEqual({ id: expect.any(Number), email: 'alice@example.test', full_name: 'Alice Liddell' });
    const me = await api(srv.url, res.body.access_token).get('/users/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(res.body.user.id);
  });

  it('strips control, bidi-override and zero-width characters from the display name', async () => {
    const res = await api(srv.url).post('/auth/register', { email: 'trojan@example.test', password: 'password123', full_name: 'Ad\u200bmin\u202e\nTeam' });
    expect(res.status).toBe(201);
    expect(res.body.user.full_name).toBe('Admin Team');
    const empty = await api(srv.url).post('/auth/register', { email: 'ghost@example.test', password: 'password123', full_name: '\u200b\u2066' });
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toMatch(/visible/);
  });

  it('answers 409 when the email is taken, whatever its case', async () => {
    const body = { email: 'dup@example.test', password: 'password123', full_name: 'Dup' };
    expect((await api(srv.url).post('/auth/register', body)).status).toBe(201);
    const again = await api(srv.url).post('/auth/register', { ...body, email: 'DUP@example.test' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it.each([
    ['bad email', { email: 'not-an-email', password: 'password123', full_name: 'X' }],
    ['short password', { email: 'short@example.test', password: 'short', full_name: 'X' }],
    ['missing name', { email: 'noname@example.test', password: 'password123' }],
    ['blank name', { email: 'blank@example.test', password: 'password123', full_name: '   ' }],
    ['wrong types', { email: 1, password: true, full_name: [] }],
    ['no body', undefined],
  ])('answers 422 for %s', async (_label, body) => {
    const res = await api(srv.url).post('/auth/register', body);
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual({ code: 'invalid', message: expect.any(String) });
  });

  it('answers 400 bad_json for a body that is not JSON', async () => {
    const res = await api(srv.url).request('POST', '/auth/register', { body: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_json');
  });
});

describe('POST /auth/login', () => {
  it('returns the same shape as register for the right password', async () => {
    const u = await registerUser(srv.url, 'Login User');
    const res = await api(srv.url).post('/auth/login', { email: u.email.toUpperCase(), password: u.password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      user: { id: u.id, email: u.email, full_name: 'Login User' },
      // Beyond SPEC §2 (issue 12): the session's rotating refresh token.
      refresh_token: expect.stringMatching(/^prt_/),
      refresh_expires_at: expect.any(String),
      expires_in: 900,
      session_id: expect.any(Number),
    });
  });

  it('answers 401 for a wrong password and for an unknown email, with the same message', async () => {
    const u = await registerUser(srv.url);
    const wrong = await api(srv.url).post('/auth/login', { email: u.email, password: 'wrong password' });
    const unknown = await api(srv.url).post('/auth/login', { email: 'nobody@example.test', password: 'whatever1' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });
});

describe('login guessing', () => {
  it('after 10 wrong passwords the account answers 429 for a while, even to the right one', async () => {
    const u = await registerUser(srv.url);
    const other = await registerUser(srv.url);
    for (let i = 0; i < 10; i++) {
      expect((await api(srv.url).post('/auth/login', { email: u.email, password: `guess-${i}` })).status).toBe(401);
    }
    const locked = await api(srv.url).post('/auth/login', { email: u.email, password: u.password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await api(srv.url).post('/auth/login', { email: other.email, password: other.password })).status).toBe(200);
  });
});

describe('POST /auth/refresh', () => {
  it('returns a new working token for a valid one', async () => {
    const u = await registerUser(srv.url);
    const res = await api(srv.url, u.token).post('/auth/refresh');
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe('bearer');
    expect(res.body.user.id).toBe(u.id);
    const me = await api(srv.url, res.body.access_token).get('/users/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(u.id);
  });

  it('answers 401 without a token', async () => {
    expect((await api(srv.url).post('/auth/refresh')).status).toBe(401);
  });
});

describe('bearer tokens', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['missing', undefined],
    ['garbage', 'not.a.token'],
    ['empty-ish', '   '],
  ])('refuses a %s token with 401', async (_label, token) => {
    const res = await api(srv.url, token).get('/users/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('refuses an expired token', async () => {
    const u = await registerUser(srv.url);
    const token = jwt.sign({ sub: String(u.id), exp: now() - 10 }, srv.config.jwtSecret, { algorithm: 'HS256' });
    const res = await api(srv.url, token).get('/users/me');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('refuses a token signed with another secret', async () => {
    const u = await registerUser(srv.url);
    const token = jwt.sign({ sub: String(u.id) }, 'some-other-secret-of-enough-length', { algorithm: 'HS256', expiresIn: 60 });
    expect((await api(srv.url, token).get('/users/me')).status).toBe(401);
  });

  it('refuses alg:none and other algorithms even with the right secret', async () => {
    const u = await registerUser(srv.url);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: String(u.id), exp: now() + 60 })}.`;
    expect((await api(srv.url, none).get('/users/me')).status).toBe(401);
    const hs512 = jwt.sign({ sub: String(u.id) }, srv.config.jwtSecret, { algorithm: 'HS512', expiresIn: 60 });
    expect((await api(srv.url, hs512).get('/users/me')).status).toBe(401);
  });

  it('refuses a correctly signed token without an expiry or with a bad subject', async () => {
    const u = await registerUser(srv.url);
    const noExp = jwt.sign({ sub: String(u.id) }, srv.config.jwtSecret, { algorithm: 'HS256' });
    expect((await api(srv.url, noExp).get('/users/me')).status).toBe(401);
    const badSub = jwt.sign({ sub: 'admin' }, srv.config.jwtSecret, { algorithm: 'HS256', expiresIn: 60 });
    expect((await api(srv.url, badSub).get('/users/me')).status).toBe(401);
  });

  it('accepts the scheme case-insensitively', async () => {
    const u = await registerUser(srv.url);
    const res = await api(srv.url).request('GET', '/users/me', { headers: { authorization: `bearer ${u.token}` } });
    expect(res.status).toBe(200);
  });
});
