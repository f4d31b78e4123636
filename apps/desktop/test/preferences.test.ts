/**
 * Notification preferences are the user's, not the device's: two desktops signed in as
 * the same user, a change made on one applies on the other live (through the server's
 * `preferences_updated` frame), and the other's OS alerts follow it at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Settings } from '../src/common/views.js';
import { openDesktop, type TestDesktop } from './desktop.js';
import { connect, createChat, eventually, register, say, type Peer } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let laptop: TestDesktop;
let office: TestDesktop;

beforeAll(async () => {
  server = await ServerProcess.start();
  [laptop, office] = await Promise.all([openDesktop({ serverUrl: server.url }), openDesktop({ serverUrl: server.url })]);
});
afterAll(async () => {
  await Promise.all([laptop?.dispose(), office?.dispose()]);
  await server.dispose();
});

/** Lets alerts that could be raised be raised, so "none came" means none will. */
async function settle(desk: TestDesktop): Promise<void> {
  await new Promise((r) => setTimeout(r, 600));
  await desk.core.sync.intake.idle();
  await desk.core.ctx.alerts.drain();
}

it('a change on one desktop applies on the other live, and its alerts follow', async () => {
  const email = `pref-${Date.now()}@example.test`;
  const password = 'correct horse battery';
  const me = await laptop.call('session.register', { email, password, full_name: 'Pat' });
  await office.call('session.login', { email, password });
  await eventually(() => laptop.core.ctx.socket.isOnline && office.core.ctx.socket.isOnline, 10_000, 'both online');

  const bob = await register(server.url, 'Bob');
  const mePeer = { id: me.user.id, token: laptop.core.ctx.session.accessToken as string } as Peer;
  await connect(server.url, bob, mePeer);
  const chat = await createChat(server.url, bob, [mePeer]);
  await eventually(async () => (await office.call('app.snapshot', {})).chats.some((c) => c.id === chat.id), 10_000, 'office knows the chat');

  const chatAlerts = (desk: TestDesktop) => desk.alerts.filter((a) => a.tag === `chat:${chat.id}`);
  const officeSettings: Settings[] = [];
  office.core.events.on('settings.changed', (s) => officeSettings.push(s));

  // Muting on the laptop: the office desktop hears of it and stops alerting for the chat.
  await laptop.call('chats.setNotifyMode', { chatId: chat.id, mode: 'none' });
  await eventually(() => officeSettings.find((s) => s.preferences.chat_modes[String(chat.id)] === 'none'), 5_000, 'mode reaches the office');
  const officeChat = (await office.call('app.snapshot', {})).chats.find((c) => c.id === chat.id);
  expect(officeChat).toMatchObject({ muted: true, notify_mode: 'none' });
  await say(server.url, bob, chat.id, 'while muted');
  await settle(office);
  expect(chatAlerts(office)).toEqual([]);

  // Mentions only: a message that does not mention me stays quiet too.
  await laptop.call('chats.setNotifyMode', { chatId: chat.id, mode: 'mentions' });
  await eventually(() => officeSettings.find((s) => s.preferences.chat_modes[String(chat.id)] === 'mentions'), 5_000, 'mentions mode');
  await say(server.url, bob, chat.id, 'not about you');
  await settle(office);
  expect(chatAlerts(office)).toEqual([]);
  // …and one that mentions me (structurally: the ids the server stored) alerts.
  await say(server.url, bob, chat.id, '@Pat can you look?', [me.user.id]);
  const mentioned = await eventually(() => chatAlerts(office)[0], 10_000, 'mention alert');
  expect(mentioned.body).toContain('can you look?');
  // Writing my name without the mention is not a mention.
  await say(server.url, bob, chat.id, 'Pat said hi');
  await settle(office);
  expect(chatAlerts(office)).toHaveLength(1);

  // Back to all, with privacy "sender": the alert names Bob but not what he wrote.
  await laptop.call('preferences.update', { chat_modes: { [String(chat.id)]: 'all' }, privacy: 'sender' });
  await eventually(() => officeSettings.find((s) => s.preferences.privacy === 'sender' && !s.preferences.chat_modes[String(chat.id)]), 5_000, 'privacy');
  await say(server.url, bob, chat.id, 'the secret plan');
  const alert = await eventually(() => chatAlerts(office)[1], 10_000, 'office alert');
  expect(alert.title).toBe(bob.full_name);
  expect(alert.body).not.toContain('secret');

  // Do-not-disturb set in the office silences the laptop; unread counts still grow.
  await settle(laptop);
  const laptopAlerts = laptop.alerts.length;
  const before = (await laptop.call('app.snapshot', {})).chats.find((c) => c.id === chat.id)?.unread_count ?? 0;
  const after = await office.call('settings.update', { doNotDisturb: true });
  expect(after.doNotDisturb).toBe(true);
  await eventually(async () => (await laptop.call('app.snapshot', {})).settings.doNotDisturb, 5_000, 'DND reaches the laptop');
  await say(server.url, bob, chat.id, 'during dnd');
  await eventually(async () => (await laptop.call('app.snapshot', {})).chats.find((c) => c.id === chat.id)?.unread_count === before + 1, 5_000, 'unread grows');
  await settle(laptop);
  expect(laptop.alerts.length).toBe(laptopAlerts);

  // Both devices end on the same version.
  const [a, b] = await Promise.all([laptop.call('app.snapshot', {}), office.call('app.snapshot', {})]);
  expect(a.settings.preferences).toEqual(b.settings.preferences);
});

it('do-not-disturb with an end time ends by itself, and the UI is told when', async () => {
  const changes: Settings[] = [];
  const off = laptop.core.events.on('settings.changed', (s) => void changes.push(s));
  const until = new Date(Date.now() + 1500).toISOString();
  const on = await laptop.call('preferences.update', { dnd: { enabled: true, until } });
  expect(on.doNotDisturb).toBe(true);
  const ended = await eventually(() => changes.find((s) => !s.doNotDisturb && s.preferences.dnd.until === until), 5_000, 'DND ended');
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
  expect(ended.preferences.dnd.enabled).toBe(true);
  off();
});

it('a desktop that was offline picks up the change when it reconnects', async () => {
  const office2 = await openDesktop({ serverUrl: server.url });
  try {
    const email = `pref-off-${Date.now()}@example.test`;
    const password = 'correct horse battery';
    await laptop.call('session.logout', {});
    await laptop.call('session.register', { email, password, full_name: 'Quinn' });
    await office2.call('session.login', { email, password });
    await eventually(() => office2.core.ctx.socket.isOnline, 10_000, 'online');
    office2.core.ctx.socket.stop();
    await laptop.call('preferences.update', { quiet_hours: { enabled: true, start: '21:00', end: '06:30' } });
    expect((await office2.call('app.snapshot', {})).settings.preferences.quiet_hours.enabled).toBe(false);
    office2.core.goOnline();
    await eventually(async () => (await office2.call('app.snapshot', {})).settings.preferences.quiet_hours.start === '21:00', 10_000, 'caught up');
  } finally {
    await office2.dispose();
  }
});

it('a change needs the server: offline it fails with code `offline` and changes nothing', async () => {
  const own = await ServerProcess.start();
  const lonely = await openDesktop({ serverUrl: own.url });
  try {
    await lonely.call('session.register', { email: `lonely-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Lou' });
    await eventually(() => lonely.core.ctx.socket.isOnline, 10_000, 'online');
    await own.dispose();
    await expect(lonely.call('preferences.update', { privacy: 'none' })).rejects.toMatchObject({ code: 'offline' });
    expect((await lonely.call('app.snapshot', {})).settings.preferences.privacy).toBe('full');
  } finally {
    await lonely.dispose();
    await own.dispose();
  }
});
