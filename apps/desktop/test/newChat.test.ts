import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDesktop, type TestDesktop } from './desktop.js';
import { connect, createChat, eventually, register, type Peer } from './fixtures.js';
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

it('shows a chat someone else creates at once, before its first message', async () => {
  desk = await openDesktop({ serverUrl: server.url });
  const me = await desk.call('session.register', { email: `n-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const mePeer = { id: me.user.id, token: desk.core.ctx.session.accessToken as string } as Peer;
  await eventually(async () => (await desk.call('app.snapshot', {})).connection.state === 'online', 15_000, 'online');

  const bob = await register(server.url, 'Bob');
  await connect(server.url, bob, mePeer);
  const chat = await createChat(server.url, bob, [mePeer]);

  await eventually(async () => (await desk.call('app.snapshot', {})).chats.some((c) => c.id === chat.id), 10_000, 'the new chat listed');
  const [view] = (await desk.call('app.snapshot', {})).chats.filter((c) => c.id === chat.id);
  expect(view).toMatchObject({ id: chat.id, last_message: null, unread_count: 0 });
});
