import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContactView } from '../src/common/views.js';
import { openDesktop, type TestDesktop } from './desktop.js';
import { createChat, eventually, register, rest, say, type Peer } from './fixtures.js';
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

const settle = async () => {
  await new Promise((r) => setTimeout(r, 600));
  await desk.core.sync.intake.idle();
  await desk.core.ctx.alerts.drain();
};

it('raises OS alerts by the policy, from real server events', async () => {
  const me = await desk.call('session.register', { email: `a-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const mePeer = { id: me.user.id, token: desk.core.ctx.session.accessToken as string } as Peer;
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online');
  let tray: ContactView[] = [];
  desk.core.shell.on('contacts', (c) => void (tray = c));

  // A connection request alerts and opens Requests.
  const bob = await register(server.url, 'Bob');
  const request = await rest<{ id: number }>(server.url, 'POST', '/connections', bob.token, { to_user_id: me.user.id });
  await eventually(() => desk.alerts.find((a) => a.tag === `notification:request:${request.id}`), 10_000, 'request alert');
  expect(desk.alerts.at(-1)).toMatchObject({ target: { kind: 'requests' } });
  await desk.call('connections.accept', { requestId: request.id });
  expect((await desk.call('app.snapshot', {})).contacts.map((c) => c.id)).toEqual([bob.id]);

  // A starred contact coming online alerts and shows in the tray's online list.
  await desk.call('users.setStarred', { userId: bob.id, starred: true });
  const bobSocket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/online`, { headers: { Authorization: `Bearer ${bob.token}` } });
  await eventually(() => desk.alerts.find((a) => a.tag === `online:${bob.id}`), 10_000, 'online alert');
  expect(desk.alerts.at(-1)).toMatchObject({ title: `${bob.full_name} is online`, target: { kind: 'people' } });
  await eventually(() => tray.some((c) => c.id === bob.id && c.online), 5_000, 'tray shows Bob online');

  // A comment on my post alerts and opens the post.
  const post = await desk.call('feed.post', { content: 'hello world' });
  const comment = await rest<{ id: number }>(server.url, 'POST', `/posts/${post.id}/comments`, bob.token, { content: 'nice one' });
  await eventually(() => desk.alerts.find((a) => a.tag === `notification:comment:${comment.id}`), 10_000, 'comment alert');
  expect(desk.alerts.at(-1)).toMatchObject({ target: { kind: 'post', postId: post.id }, body: 'nice one' });

  const chat = await createChat(server.url, bob, [mePeer]);
  await say(server.url, bob, chat.id, 'first');
  await eventually(() => desk.alerts.find((a) => a.tag === `chat:${chat.id}`), 10_000, 'message alert');
  await desk.call('chats.markRead', { chatId: chat.id, seq: 1 });
  let count = desk.alerts.length;

  // The open, focused chat: no alert.
  await desk.call('chats.setFocused', { chatId: chat.id, windowFocused: true });
  await say(server.url, bob, chat.id, 'while focused');
  await settle();
  expect(desk.alerts.length).toBe(count);

  // Same chat open but the window in the background: alert.
  await desk.call('chats.setFocused', { chatId: chat.id, windowFocused: false });
  await say(server.url, bob, chat.id, 'while away');
  await eventually(() => desk.alerts.length === count + 1, 5_000, 'background alert');
  expect(desk.alerts.at(-1)?.body).toBe('while away');
  count = desk.alerts.length;

  // Muted chat, then do-not-disturb: stored and counted, never alerted.
  await desk.call('chats.setMuted', { chatId: chat.id, muted: true });
  await say(server.url, bob, chat.id, 'muted');
  // Unmute only once the message is in: unmuting first would let it alert when it lands.
  await eventually(
    async () => (await desk.call('messages.list', { chatId: chat.id, limit: 10 })).some((m) => m.content === 'muted'),
    10_000,
    'muted message stored',
  );
  await desk.call('chats.setMuted', { chatId: chat.id, muted: false });
  await desk.call('settings.update', { doNotDisturb: true });
  await say(server.url, bob, chat.id, 'dnd');
  await rest(server.url, 'POST', `/posts/${post.id}/reactions`, bob.token, { reaction: 'like' });
  await settle();
  expect(desk.alerts.length).toBe(count);
  const snap = await desk.call('app.snapshot', {});
  expect(snap.chats.find((c) => c.id === chat.id)?.unread_count).toBe(4);
  expect(snap.notifications.map((n) => n.kind).sort()).toEqual(['comment_on_post', 'connection_request', 'reaction_on_post']);

  // My own messages never alert.
  await desk.call('settings.update', { doNotDisturb: false });
  await desk.call('messages.send', { chatId: chat.id, content: 'from me' });
  await settle();
  expect(desk.alerts.length).toBe(count);
  bobSocket.close();
});
