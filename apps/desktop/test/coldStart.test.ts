import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDesktop, makeDataDir, type TestDesktop } from './desktop.js';
import { connect, createChat, eventually, register, say, type Peer } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let dataDir: string;
const opened: TestDesktop[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
  dataDir = await makeDataDir();
});
afterAll(async () => {
  for (const d of opened) await d.close();
  await server.dispose();
});

it('opens on cached data with the server down', async () => {
  const bob: Peer = await register(server.url, 'Bob');
  const desk = await openDesktop({ dataDir, serverUrl: server.url });
  opened.push(desk);
  const me = await desk.call('session.register', { email: `me-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const mePeer = { id: me.user.id, token: desk.core.ctx.session.accessToken as string, email: '', password: '', full_name: 'Me' };
  await connect(server.url, bob, mePeer);
  const chat = await createChat(server.url, bob, [mePeer]);
  for (let i = 1; i <= 5; i++) await say(server.url, bob, chat.id, `hello ${i}`);
  await eventually(async () => (await desk.call('messages.list', { chatId: chat.id })).length === 5, 15_000, 'five messages cached');
  await desk.call('chats.setMuted', { chatId: chat.id, muted: true });
  await desk.close();

  await server.stop();
  const offline = await openDesktop({ dataDir });
  opened.push(offline);
  const snap = await offline.call('app.snapshot', {});
  expect(snap.session?.user.id).toBe(me.user.id);
  expect(snap.chats.map((c) => c.id)).toEqual([chat.id]);
  expect(snap.chats[0]).toMatchObject({ unread_count: 5, muted: true, last_message: { content: 'hello 5', state: 'sent' } });
  expect(snap.contacts.map((c) => c.id)).toEqual([bob.id]);
  const messages = await offline.call('messages.list', { chatId: chat.id });
  expect(messages.map((m) => m.content)).toEqual(['hello 1', 'hello 2', 'hello 3', 'hello 4', 'hello 5']);
  // It is trying to reach the server, not signed out.
  await eventually(() => offline.core.ctx.socket.state.state === 'reconnecting', 5_000, 'reconnecting');
});
