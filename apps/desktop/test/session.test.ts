import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDesktop, type TestDesktop } from './desktop.js';
import { eventually, rest } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let desk: TestDesktop;

beforeAll(async () => {
  server = await ServerProcess.start();
  desk = await openDesktop({ serverUrl: server.url });
});
afterAll(async () => {
  await desk?.dispose();
  await server.dispose();
});

it('registers, refreshes the token, logs out (wiping the cache) and logs in again', async () => {
  const email = `s-${Date.now()}@example.test`;
  const password = 'correct horse battery';
  const view = await desk.call('session.register', { email, password, full_name: 'Sam' });
  expect(view).toMatchObject({ serverUrl: server.url, user: { full_name: 'Sam', email } });
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online');
  await desk.call('settings.update', { doNotDisturb: true });

  const before = desk.core.ctx.session.accessToken as string;
  await new Promise((r) => setTimeout(r, 1100)); // a new iat second, so the token differs
  await desk.core.ctx.session.refresh();
  const after = desk.core.ctx.session.accessToken as string;
  expect(after).not.toBe(before);
  await expect(rest(server.url, 'GET', '/users/me', after)).resolves.toMatchObject({ id: view.user.id });

  const bad = await desk.call('session.login', { email, password: 'wrong password!!' }).catch((e: { code: string }) => e.code);
  expect(bad).toBe('unauthorized');

  await desk.call('session.logout', {});
  const out = await desk.call('app.snapshot', {});
  expect(out.session).toBeNull();
  expect(out.connection).toEqual({ state: 'signed_out' });
  expect(out.settings.doNotDisturb).toBe(false);
  expect(out.defaultServerUrl).toBe(server.url);

  const back = await desk.call('session.login', { email, password });
  expect(back.user.id).toBe(view.user.id);
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online again');
});
