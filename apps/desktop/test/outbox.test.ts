import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDesktop, type TestDesktop } from './desktop.js';
import { connect, createChat, eventually, history, register, type Peer } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let desk: TestDesktop;

beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => {
  await desk?.dispose();
  await server.dispose();
});

it('sends messages written offline exactly once, in order, when the connection returns', async () => {
  const bob: Peer = await register(server.url, 'Bob');
  desk = await openDesktop({ serverUrl: server.url });
  const me = await desk.call('session.register', { email: `me-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const mePeer = { id: me.user.id, token: desk.core.ctx.session.accessToken as string, email: '', password: '', full_name: 'Me' };
  await connect(server.url, bob, mePeer);
  const chat = await createChat(server.url, mePeer, [bob]);
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online');

  // Online send first: settled by its echo.
  const first = await desk.call('messages.send', { chatId: chat.id, content: 'before' });
  expect(first.state).toBe('pending');
  await eventually(async () => (await desk.call('messages.list', { chatId: chat.id })).every((m) => m.state === 'sent'), 10_000, 'first sent');

  await server.kill();
  await eventually(() => !desk.core.ctx.socket.isOnline, 5_000, 'offline');
  const queued = [];
  for (const text of ['one', 'two', 'three']) queued.push(await desk.call('messages.send', { chatId: chat.id, content: text }));
  expect(queued.map((m) => m.state)).toEqual(['pending', 'pending', 'pending']);
  const whileDown = await desk.call('messages.list', { chatId: chat.id });
  expect(whileDown.map((m) => [m.content, m.state])).toEqual([['before', 'sent'], ['one', 'pending'], ['two', 'pending'], ['three', 'pending']]);

  await server.restart();
  desk.core.networkUp(); // don't wait for the backoff timer
  await eventually(async () => (await desk.call('messages.list', { chatId: chat.id })).every((m) => m.state === 'sent'), 20_000, 'outbox drained');

  // Reconnect once more: a second flush must not resend anything.
  await server.restart();
  desk.core.networkUp();
  await eventually(() => desk.core.ctx.socket.isOnline, 20_000, 'online again');
  await new Promise((r) => setTimeout(r, 500));

  const stored = await history(server.url, bob, chat.id);
  expect(stored.map((m) => m.content)).toEqual(['before', 'one', 'two', 'three']);
  expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  const local = await desk.call('messages.list', { chatId: chat.id });
  expect(local.map((m) => [m.content, m.seq, m.state])).toEqual([
    ['before', 1, 'sent'],
    ['one', 2, 'sent'],
    ['two', 3, 'sent'],
    ['three', 4, 'sent'],
  ]);
  expect(new Set(local.map((m) => m.client_id)).size).toBe(4);
});
