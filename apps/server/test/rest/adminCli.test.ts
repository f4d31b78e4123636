/**
 * `parley-server admin …` as an operator runs it: a separate process on the server's
 * data (SQLite data dir, or the PostgreSQL database under PARLEY_TEST_STORE=postgres).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer } from '../harness.js';

const mainTs = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

function admin(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', mainTs, 'admin', ...args, '--data-dir', srv.dataDir, '--store', srv.config.store], { encoding: 'utf8', timeout: 30_000 });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('parley-server admin', () => {
  it('creates an admin with a generated password that signs in', async () => {
    const res = admin('create-admin', '--email', 'Boss@Example.test', '--name', 'The Boss');
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const password = /^password: (\S+)$/m.exec(res.out)?.[1];
    expect(password).toBeDefined();
    const login = await api(srv.url).post('/auth/login', { email: 'boss@example.test', password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ full_name: 'The Boss', role: 'admin' });
  });

  it('lists users, deactivates, reactivates and resets a password', async () => {
    const u = await registerUser(srv.url, 'Listed Person');
    const list = admin('list-users');
    expect(list.code).toBe(0);
    expect(list.out).toContain(`${u.id}\t${u.email}\tuser\tactive\tListed Person`);

    expect(admin('deactivate', '--email', u.email).code).toBe(0);
    expect((await api(srv.url, u.token).get('/users/me')).status).toBe(401);
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: u.password })).status).toBe(403);
    expect(admin('reactivate', '--email', u.email).code).toBe(0);

    const reset = admin('reset-password', '--email', u.email, '--password', 'a new password');
    expect(reset.code).toBe(0);
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: u.password })).status).toBe(401);
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: 'a new password' })).status).toBe(200);
  });

  it('exits 1 with a clear message for an unknown user and 2 for bad usage', () => {
    const unknown = admin('deactivate', '--email', 'nobody@example.test');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no user with email nobody@example.test/);
    const usage = admin('frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/unknown admin command/);
    expect(admin('deactivate').err).toMatch(/--email is required/);
  });
});
