import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

let srv: TestServer;
let ada: TestUser;
let bob: TestUser;
beforeAll(async () => {
  srv = await startTestServer();
  ada = await registerUser(srv.url, 'Ada Lovelace');
  bob = await registerUser(srv.url, 'Bob Builder');
});
afterAll(async () => {
  await srv?.close();
});

describe('users', () => {
  it('GET /users/me includes my email', async () => {
    const res = await api(srv.url, ada.token).get('/users/me');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: ada.id, email: ada.email, full_name: 'Ada Lovelace' });
  });

  it('GET /users/:id hides the email of others but shows mine', async () => {
    const other = await api(srv.url, ada.token).get(`/users/${bob.id}`);
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ id: bob.id, full_name: 'Bob Builder' });
    const self = await api(srv.url, ada.token).get(`/users/${ada.id}`);
    expect(self.body.email).toBe(ada.email);
  });

  it('GET /users/:id answers 404 for unknown or malformed ids', async () => {
    expect((await api(srv.url, ada.token).get('/users/999999')).status).toBe(404);
    const bad = await api(srv.url, ada.token).get('/users/abc');
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('not_found');
  });

  it('GET /users?q= finds others by name, case-insensitively, without emails', async () => {
    const res = await api(srv.url, ada.token).get('/users?q=bob');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: bob.id, full_name: 'Bob Builder' }]);
    const none = await api(srv.url, ada.token).get('/users?q=zzzz-nobody');
    expect(none.body).toEqual([]);
  });

  it('user routes need a token', async () => {
    expect((await api(srv.url).get('/users/me')).status).toBe(401);
    expect((await api(srv.url).get(`/users/${bob.id}`)).status).toBe(401);
    expect((await api(srv.url).get('/users?q=b')).status).toBe(401);
  });
});
