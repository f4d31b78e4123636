/**
 * Issue 14 end to end in plain Node: the desktop's search over its cache, merged with
 * the server's GET /search for history it never downloaded; deletions leave both
 * indexes; offline, the cache answers alone; mentions travel with sends and edits and
 * land in the cache.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDesktop, type TestDesktop } from './desktop.js';
import { blast, connect, createChat, eventually, register, rest, say, type Peer } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let desk: TestDesktop;
let me: Peer;
let bob: Peer;
let chatId: number;

beforeAll(async () => {
  server = await ServerProcess.start();
  // History made before this device signs in: it downloads only the chat's recent window
  // (everything is read), so the oldest messages exist on the server alone.
  me = await register(server.url, 'Me');
  bob = await register(server.url, 'Bob');
  await connect(server.url, bob, me);
  chatId = (await createChat(server.url, bob, [me])).id;
  await say(server.url, bob, chatId, 'ancient aardvark lore');
  await blast(server.url, bob, chatId, 450, 'filler');
  const last = await say(server.url, bob, chatId, 'filler last');
  await rest(server.url, 'POST', `/chats/${chatId}/read`, me.token, { seq: last.seq });
  desk = await openDesktop({ serverUrl: server.url });
  await desk.call('session.login', { email: me.email, password: me.password });
  await eventually(async () => (await desk.call('app.snapshot', {})).connection.state === 'online', 15_000, 'online');
}, 120_000);
afterAll(async () => {
  await desk?.dispose();
  await server?.dispose();
});

const search = (q: string, extra: { chatId?: number; before?: number } = {}) => desk.call('search.messages', { q, ...extra });

it('finds live messages in the cache and old history only the server has, once each', async () => {
  await say(server.url, bob, chatId, 'fresh aardvark news');
  await eventually(async () => (await desk.core.ctx.cache.searchMessages(me.id, { query: { terms: ['fresh'], phrases: [], from: [], in: [], hasFile: false, before: null, after: null }, limit: 5 })).length === 1, 15_000, 'live message indexed');

  const result = await search('aardvark');
  expect(result.serverSearched).toBe(true);
  expect(result.hits.map((h) => h.content)).toEqual(['fresh aardvark news', 'ancient aardvark lore']);
  expect(new Set(result.hits.map((h) => h.key)).size).toBe(2);
  // Paging: one hit per page, continuing below the last id.
  const page = await desk.core.ctx.cache.searchMessages(me.id, { query: { terms: ['aardvark'], phrases: [], from: [], in: [], hasFile: false, before: null, after: null }, limit: 50 });
  expect(page.map((h) => h.content)).toEqual(['fresh aardvark news']);
  expect((await search('aardvark', { before: result.hits[0]!.id! })).hits.map((h) => h.content)).toEqual(['ancient aardvark lore']);
  expect((await search('aardvark', { chatId })).hits).toHaveLength(2);
  expect((await search('filler 7')).hits.length).toBeGreaterThan(0);
}, 180_000);

it('never finds a deleted message again, in the cache or on the server', async () => {
  const m = await say(server.url, bob, chatId, 'capybara confidential');
  await eventually(async () => (await search('capybara')).hits.length === 1, 10_000, 'indexed');
  await rest(server.url, 'DELETE', `/chats/${chatId}/messages/${m.seq}`, bob.token);
  await eventually(async () => (await desk.call('messages.list', { chatId })).some((v) => v.seq === m.seq && v.deleted), 10_000, 'tombstone cached');
  expect((await search('capybara')).hits).toEqual([]);
  expect((await search('confidential')).hits).toEqual([]);
});

it('sends mentions with messages and edits, and keeps them in the cache', async () => {
  const sent = await desk.call('messages.send', { chatId, content: '@Bob look at this', mentions: [bob.id] });
  expect(sent.mentions).toEqual([bob.id]);
  const stored = await eventually(async () => (await desk.call('messages.list', { chatId })).find((v) => v.client_id === sent.client_id && v.state === 'sent'), 10_000, 'echo');
  expect(stored.mentions).toEqual([bob.id]);
  const onServer = await rest<{ mentions: number[] }[]>(server.url, 'GET', `/chats/${chatId}/messages?limit=1`, bob.token);
  expect(onServer.at(-1)?.mentions).toEqual([bob.id]);

  await desk.call('messages.edit', { chatId, seq: stored.seq!, content: 'never mind', mentions: [] });
  const edited = await eventually(async () => (await desk.call('messages.list', { chatId })).find((v) => v.seq === stored.seq && v.content === 'never mind'), 10_000, 'edit cached');
  expect(edited.mentions).toEqual([]);
  // Someone who is not a member cannot be mentioned.
  await expect(desk.call('messages.edit', { chatId, seq: stored.seq!, content: 'x', mentions: [999_999] })).rejects.toThrow(/not a member/);
});

it('answers from the cache alone while the server is down', async () => {
  await server.stop();
  try {
    const result = await search('aardvark');
    expect(result.serverSearched).toBe(false);
    expect(result.hits.map((h) => h.content)).toEqual(['fresh aardvark news']);
  } finally {
    await server.restart();
  }
});
