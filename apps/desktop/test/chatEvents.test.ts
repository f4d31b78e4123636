/**
 * Chat events end to end through the desktop core and the real server: edits,
 * deletions, reactions, replies, read positions and group membership, live and after
 * the desktop was offline; deleted text must be gone from the cache file itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Chat } from '@parley/protocol';
import { openDesktop, type TestDesktop } from './desktop.js';
import { connect, eventually, register, rest, say, type Peer } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
const desks: TestDesktop[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => {
  for (const desk of desks) await desk.dispose();
  await server.dispose();
});

async function signedInDesktop(dataDir?: string): Promise<{ desk: TestDesktop; me: Peer }> {
  const desk = await openDesktop({ serverUrl: server.url, ...(dataDir ? { dataDir } : {}) });
  desks.push(desk);
  const view = await desk.call('session.register', { email: `ev-${Date.now()}-${desks.length}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const me = { id: view.user.id, token: desk.core.ctx.session.accessToken as string, email: '', password: '', full_name: 'Me' };
  await eventually(() => desk.core.ctx.socket.isOnline, 15_000, 'online');
  return { desk, me };
}

function cacheBytes(desk: TestDesktop): string {
  const file = join(desk.dataDir, 'cache.sqlite');
  return [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

const cached = async (desk: TestDesktop, chatId: number) => desk.call('messages.list', { chatId, limit: 200 });

it('applies live edits, reactions, replies, reads and deletions, and the deleted text leaves the cache file', async () => {
  const { desk, me } = await signedInDesktop();
  const bob = await register(server.url, 'Bob');
  await connect(server.url, bob, me);
  const chat = await rest<Chat>(server.url, 'POST', '/chats', bob.token, { member_ids: [me.id] });
  const first = await say(server.url, bob, chat.id, 'the launch code is swordfish');
  await eventually(async () => (await cached(desk, chat.id)).length === 1, 15_000, 'first message');

  await rest(server.url, 'PATCH', `/chats/${chat.id}/messages/${first.seq}`, bob.token, { content: 'the launch code is marlin' });
  await rest(server.url, 'POST', `/chats/${chat.id}/messages/${first.seq}/reactions`, bob.token, { reaction: '🎉' });
  await eventually(async () => {
    const [m] = await cached(desk, chat.id);
    return m?.content === 'the launch code is marlin' && m.edited_at !== null && m.reactions.length === 1;
  }, 15_000, 'edit and reaction');

  // My side, through the bridge: react, reply, mark read.
  await desk.call('messages.react', { chatId: chat.id, seq: first.seq, reaction: '🎉' });
  const reply = await desk.call('messages.send', { chatId: chat.id, content: 'noted', replyToSeq: first.seq });
  await eventually(async () => (await cached(desk, chat.id)).find((m) => m.client_id === reply.client_id && m.state === 'sent'), 15_000, 'reply stored');
  const [reacted, stored] = await cached(desk, chat.id);
  expect(reacted?.reactions).toEqual([{ reaction: '🎉', user_ids: expect.arrayContaining([bob.id, me.id]) as number[] }]);
  expect(stored).toMatchObject({ content: 'noted', reply_to_seq: first.seq });
  // Bob reads my reply: the desktop learns his read position (seen ticks).
  await rest(server.url, 'POST', `/chats/${chat.id}/read`, bob.token, { seq: stored?.seq });
  await eventually(async () => (await desk.call('app.snapshot', {})).chats.find((c) => c.id === chat.id)?.reads.some((r) => r.user_id === bob.id && r.seq === stored?.seq), 15_000, 'read position');

  // A message I read on another device: this desktop's unread count follows live.
  const unread = await say(server.url, bob, chat.id, 'read me elsewhere');
  const unreadOf = async () => (await desk.call('app.snapshot', {})).chats.find((c) => c.id === chat.id)?.unread_count;
  await eventually(async () => (await unreadOf()) === 2, 15_000, 'two unread from Bob');
  await rest(server.url, 'POST', `/chats/${chat.id}/read`, me.token, { seq: unread.seq });
  await eventually(async () => (await unreadOf()) === 0, 15_000, 'read on my other device');

  await rest(server.url, 'DELETE', `/chats/${chat.id}/messages/${first.seq}`, bob.token);
  await eventually(async () => (await cached(desk, chat.id))[0]?.deleted, 15_000, 'tombstone');
  const [tombstone] = await cached(desk, chat.id);
  expect(tombstone).toMatchObject({ content: '', attachment: null, deleted: true, reactions: [] });
  await desk.core.sync.intake.idle();
  expect(cacheBytes(desk)).not.toContain('swordfish');
  expect(cacheBytes(desk)).not.toContain('marlin');
  // Editing my own message works; editing Bob's is refused and changes nothing.
  await desk.call('messages.edit', { chatId: chat.id, seq: stored?.seq as number, content: 'noted, thanks' });
  expect((await cached(desk, chat.id)).find((m) => m.seq === stored?.seq)).toMatchObject({ content: 'noted, thanks' });
  await expect(desk.call('messages.edit', { chatId: chat.id, seq: first.seq, content: 'mine now' })).rejects.toMatchObject({ code: expect.stringMatching(/forbidden|invalid/) as string });
});

it('an offline desktop sees edits and deletions made while it was away; deleted text is gone from its cache file', async () => {
  const { desk, me } = await signedInDesktop();
  const bob = await register(server.url, 'Bob');
  await connect(server.url, bob, me);
  const chat = await rest<Chat>(server.url, 'POST', '/chats', bob.token, { member_ids: [me.id] });
  const kept = await say(server.url, bob, chat.id, 'draft one');
  const doomed = await say(server.url, bob, chat.id, 'the vault code is 8675309');
  await eventually(async () => (await cached(desk, chat.id)).length === 2, 15_000, 'messages cached');
  expect(cacheBytes(desk)).toContain('8675309');
  const dataDir = desk.dataDir;
  await desk.close();

  await rest(server.url, 'PATCH', `/chats/${chat.id}/messages/${kept.seq}`, bob.token, { content: 'final version' });
  await rest(server.url, 'DELETE', `/chats/${chat.id}/messages/${doomed.seq}`, bob.token);
  await say(server.url, bob, chat.id, 'after');

  const again = await openDesktop({ serverUrl: server.url, dataDir });
  desks.push(again);
  await eventually(async () => (await cached(again, chat.id)).some((m) => m.content === 'after'), 20_000, 'caught up');
  await again.core.sync.intake.idle();
  const list = await cached(again, chat.id);
  expect(list.map((m) => [m.content, m.deleted, m.edited_at !== null])).toEqual([
    ['final version', false, true],
    ['', true, false],
    ['after', false, false],
  ]);
  expect(cacheBytes(again)).not.toContain('8675309');
  // The cursor moved across the event seqs too (message, edit, delete, message).
  const last = list.at(-1)?.seq as number;
  expect((await again.core.ctx.cache.cursors()).find((c) => c.chatId === chat.id)?.seq).toBe(last);
});

it('group settings through the bridge: rename, add, remove; a removed member keeps history read-only', async () => {
  const { desk, me } = await signedInDesktop();
  const bob = await register(server.url, 'Bob');
  const cy = await register(server.url, 'Cy');
  await connect(server.url, me, bob);
  await connect(server.url, me, cy);
  const group = await desk.call('chats.create', { member_ids: [bob.id], title: 'Crew' });
  await desk.call('chats.rename', { chatId: group.id, title: 'Ship crew' });
  await desk.call('chats.addMember', { chatId: group.id, userId: cy.id });
  let view = (await desk.call('app.snapshot', {})).chats.find((c) => c.id === group.id);
  expect(view).toMatchObject({ title: 'Ship crew', is_group: true, admin_ids: [me.id], ended: null });
  expect(view?.member_ids.sort()).toEqual([me.id, bob.id, cy.id].sort());
  await desk.call('chats.removeMember', { chatId: group.id, userId: cy.id });
  await expect(rest(server.url, 'GET', `/chats/${group.id}/messages`, cy.token)).rejects.toThrow(/403/);

  // Bob's desktop: he is removed by me while online; his cache keeps the history, read-only.
  const bobDesk = await openDesktop({ serverUrl: server.url });
  desks.push(bobDesk);
  await bobDesk.call('session.login', { email: bob.email, password: bob.password });
  await eventually(() => bobDesk.core.ctx.socket.isOnline, 15_000, 'bob online');
  await desk.call('messages.send', { chatId: group.id, content: 'welcome aboard' });
  await eventually(async () => (await cached(bobDesk, group.id)).length === 1, 15_000, 'bob has the message');
  // As the group's admin I may delete Bob's message (but never edit it).
  const bobs = await say(server.url, bob, group.id, 'off-topic remark');
  await eventually(async () => (await cached(desk, group.id)).some((m) => m.seq === bobs.seq), 15_000, 'bob message at mine');
  await desk.call('messages.delete', { chatId: group.id, seq: bobs.seq });
  expect((await cached(desk, group.id)).find((m) => m.seq === bobs.seq)).toMatchObject({ deleted: true, content: '' });
  await eventually(async () => (await cached(bobDesk, group.id)).find((m) => m.seq === bobs.seq)?.deleted, 15_000, 'tombstone at bob');
  await desk.call('chats.removeMember', { chatId: group.id, userId: bob.id });
  await eventually(async () => (await bobDesk.call('app.snapshot', {})).chats.find((c) => c.id === group.id)?.ended === 'removed', 15_000, 'bob removed');
  expect((await cached(bobDesk, group.id)).map((m) => [m.content, m.deleted])).toEqual([
    ['welcome aboard', false],
    ['', true],
  ]);
  await expect(bobDesk.call('messages.send', { chatId: group.id, content: 'hello?' })).rejects.toMatchObject({ code: 'forbidden' });
  // Leaving: I leave my own group; my desktop shows it as left.
  await desk.call('chats.leave', { chatId: group.id });
  view = (await desk.call('app.snapshot', {})).chats.find((c) => c.id === group.id);
  expect(view?.ended).toBe('left');
}, 60_000);
