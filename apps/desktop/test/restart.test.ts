import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../src/node/connection/backoff.js';
import { openDesktop, type TestDesktop } from './desktop.js';
import { blast, connect, createChat, eventually, history, register, say, type Peer } from './fixtures.js';
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

it('backs off 1, 2, 4 s across a server restart, then catches up with no gap and no duplicate, alerting once per chat', async () => {
  const bob: Peer = await register(server.url, 'Bob');
  // No jitter (random = 0.5), so the schedule can be checked to the millisecond.
  desk = await openDesktop({ serverUrl: server.url, socket: { random: () => 0.5 } });
  const me = await desk.call('session.register', { email: `me-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const mePeer = { id: me.user.id, token: desk.core.ctx.session.accessToken as string, email: '', password: '', full_name: 'Me' };
  await connect(server.url, bob, mePeer);
  const chat = await createChat(server.url, bob, [mePeer]);
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online');
  for (let i = 0; i < 20; i++) await say(server.url, bob, chat.id, `live ${i}`);
  await eventually(async () => (await desk.call('messages.list', { chatId: chat.id, limit: 200 })).length === 20, 10_000, 'live messages');
  await eventually(() => desk.alerts.length > 0, 5_000, 'live alert');
  await new Promise((r) => setTimeout(r, 500));
  await desk.core.ctx.alerts.drain();
  // The user reads the chat: the next alert counts from zero.
  await desk.call('chats.markRead', { chatId: chat.id, seq: 20 });
  const alertsBefore = desk.alerts.length;

  const killedAt = Date.now();
  await server.kill();
  // Attempts 1 and 2 fail while the server is down; restart before attempt 3 (~7 s).
  await eventually(() => desk.states.some((s) => s.state.state === 'reconnecting' && s.state.attempt === 3), 12_000, 'third backoff');
  await server.start();
  // Bob writes 300 more while the desktop is still waiting out its backoff.
  await blast(server.directUrl, bob, chat.id, 300, 'missed');
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'back online');

  const waits = desk.states
    .filter((s) => s.at >= killedAt && s.state.state === 'reconnecting')
    .map((s) => (s.state.state === 'reconnecting' ? [s.state.attempt, s.state.nextRetryAt - s.at] : []));
  expect(waits.map((w) => w[0])).toEqual([1, 2, 3]);
  waits.forEach((w, i) => expect(Math.abs((w[1] as number) - (DEFAULT_BACKOFF.delaysMs[i] as number))).toBeLessThan(100));

  await eventually(async () => (await desk.call('messages.list', { chatId: chat.id, limit: 200 })).at(-1)?.seq === 320, 20_000, 'caught up');
  const server320 = await history(server.url, bob, chat.id);
  await desk.core.sync.intake.idle();
  const pages = [
    ...(await desk.call('messages.list', { chatId: chat.id, beforeSeq: 121, limit: 120 })),
    ...(await desk.call('messages.list', { chatId: chat.id, limit: 200 })),
  ];
  expect(pages.map((m) => m.seq)).toEqual(server320.map((m) => m.seq));
  expect(pages.map((m) => m.content)).toEqual(server320.map((m) => m.content));
  expect((await desk.core.ctx.cache.cursors()).find((c) => c.chatId === chat.id)?.seq).toBe(320);
  const [view] = (await desk.call('app.snapshot', {})).chats;
  expect(view).toMatchObject({ unread_count: 300, last_seq: 320, read_seq: 20 });

  // The 300 missed messages become one alert for the chat (a paced replay may update
  // it once in place, same tag), counting all 300, and never again.
  await desk.core.ctx.alerts.drain();
  const catchUp = desk.alerts.slice(alertsBefore);
  expect(catchUp.length).toBeGreaterThanOrEqual(1);
  expect(catchUp.length).toBeLessThanOrEqual(2);
  expect(new Set(catchUp.map((a) => a.tag))).toEqual(new Set([`chat:${chat.id}`]));
  expect(catchUp.at(-1)).toMatchObject({ count: 300, target: { kind: 'chat', chatId: chat.id } });
  expect(catchUp.flatMap((a) => a.keys)).toHaveLength(300);
  const alertsAfterCatchUp = desk.alerts.length;
  await server.restart();
  await eventually(() => desk.core.ctx.socket.isOnline, 20_000, 'online after graceful restart');
  await new Promise((r) => setTimeout(r, 800));
  await desk.core.ctx.alerts.drain();
  expect(desk.alerts.length).toBe(alertsAfterCatchUp);
}, 60_000);
