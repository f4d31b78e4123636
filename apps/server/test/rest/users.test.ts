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

  it('GET /users?q= never matches on email: no newline trick, no address fragment', async () => {
    const search = async (q: string) => (await api(srv.url, ada.token).get(`/users?q=${encodeURIComponent(q)}`)).body;
    // The stored key once held "name\nemail": a newline in q probed the email letter by letter.
    expect(await search(`Bob Builder\n${bob.email.slice(0, 4)}`)).toEqual([]);
    expect(await search(`builder\n${bob.email}`)).toEqual([]);
    expect(await search(bob.email)).toEqual([]);
    expect(await search(bob.email.split('@')[0]!)).toEqual([]);
    expect(await search('@example.test')).toEqual([]);
    // Control characters are ignored rather than matched: the name alone still finds Bob.
    expect(await search('bob\u0000 builder')).toEqual([{ id: bob.id, full_name: 'Bob Builder' }]);
  });

  it('GET /users?q= pages are bounded', async () => {
    const many = await Promise.all(Array.from({ length: 22 }, (_, i) => registerUser(srv.url, `Crowd Member ${i}`)));
    const res = await api(srv.url, ada.token).get('/users?q=crowd');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(20);
    expect(many).toHaveLength(22);
  });

  it('user routes need a token', async () => {
    expect((await api(srv.url).get('/users/me')).status).toBe(401);
    expect((await api(srv.url).get(`/users/${bob.id}`)).status).toBe(401);
    expect((await api(srv.url).get('/users?q=b')).status).toBe(401);
  });
});
