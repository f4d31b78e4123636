import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDesktop, type TestDesktop } from './desktop.js';
import { blast, connect, createChat, eventually, register, rest, type Peer } from './fixtures.js';
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

it('caches a recent window of a newly seen chat and backfills older pages over REST on demand', async () => {
  desk = await openDesktop({ serverUrl: server.url });
  const me = await desk.call('session.register', { email: `h-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const mePeer = { id: me.user.id, token: desk.core.ctx.session.accessToken as string } as Peer;
  const dataDir = desk.dataDir;
  await desk.close();

  // While the desktop is closed: a chat with 300 messages, all read elsewhere.
  const bob = await register(server.url, 'Bob');
  await connect(server.url, bob, mePeer);
  const chat = await createChat(server.url, bob, [mePeer]);
  await blast(server.url, bob, chat.id, 300, 'old');
  await rest(server.url, 'POST', `/chats/${chat.id}/read`, mePeer.token, { seq: 300 });

  desk = await openDesktop({ dataDir, serverUrl: server.url });
  await eventually(async () => (await desk.core.ctx.cache.cursors()).find((c) => c.chatId === chat.id)?.seq === 300, 15_000, 'window cached');
  const newest = await desk.call('messages.list', { chatId: chat.id, limit: 50 });
  expect(newest.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 251 + i));
  // Only the last 200 came with the catch-up; nothing was alerted (all read).
  expect((await desk.core.ctx.cache.listMessages(me.user.id, chat.id, 101, 50)).messages).toEqual([]);
  await desk.core.ctx.alerts.drain();
  expect(desk.alerts).toEqual([]);

  const older = await desk.call('messages.list', { chatId: chat.id, beforeSeq: 101, limit: 50 });
  expect(older.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 51 + i));
  expect(older.every((m) => m.content.startsWith('old ') && m.state === 'sent')).toBe(true);
  // Now cached: the same page answers from the cache with the server gone.
  await server.kill();
  const again = await desk.call('messages.list', { chatId: chat.id, beforeSeq: 101, limit: 50 });
  expect(again.map((m) => m.key)).toEqual(older.map((m) => m.key));
  const [view] = (await desk.call('app.snapshot', {})).chats;
  expect(view).toMatchObject({ id: chat.id, unread_count: 0, last_seq: 300, read_seq: 300 });
});
