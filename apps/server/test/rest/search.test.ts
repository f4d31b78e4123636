/**
 * Issue 14 over REST: GET /search (words, prefixes, phrases, filters, paging), the
 * membership rule (never a chat the user left or was removed from), edits and deletions
 * reaching the index, hostile queries, and mentions stored structurally on sends and
 * edits. Runs on SQLite and (server-postgres project) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerTrio, startTestServer, type TestServer, type TestUser } from '../harness.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
beforeAll(async () => {
  srv = await startTestServer();
  ({ ann, ben, cat } = await registerTrio(srv.url));
});
afterAll(async () => {
  await srv?.close();
});

const as = (user: TestUser) => api(srv.url, user.token);
const json = { 'content-type': 'application/json' };
let groups = 0;
async function group(owner: TestUser, members: TestUser[], title = `group ${++groups}`): Promise<number> {
  const res = await as(owner).post('/chats', { member_ids: members.map((m) => m.id), title });
  expect(res.status).toBe(201);
  return res.body.id as number;
}
async function say(user: TestUser, chatId: number, content: string, extra: Record<string, unknown> = {}) {
  const res = await as(user).post(`/chats/${chatId}/messages`, { content, ...extra });
  expect(res.status).toBe(201);
  return res.body as { id: number; seq: number; mentions: number[] };
}
async function search(user: TestUser, params: Record<string, string | number | undefined>) {
  const qs = new URLSearchParams(Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])));
  return as(user).get(`/search?${qs}`);
}
async function hits(user: TestUser, q: string, extra: Record<string, string | number> = {}): Promise<string[]> {
  const res = await search(user, { q, ...extra });
  expect(res.status).toBe(200);
  return (res.body.messages as { content: string }[]).map((m) => m.content);
}

describe('GET /search', () => {
  it('finds words by prefix, phrases in order, newest first, across my chats', async () => {
    const a = await group(ann, [ben], 'Deploys');
    const b = await group(ann, [cat], 'Kitchen');
    await say(ann, a, 'deploying the zebrafish service tonight');
    await say(ben, a, 'Zebrafish rollback notes are ready');
    await say(cat, b, 'the ZEBRAFISH café order');
    expect(await hits(ann, 'zebraf')).toEqual(['the ZEBRAFISH café order', 'Zebrafish rollback notes are ready', 'deploying the zebrafish service tonight']);
    expect(await hits(ann, '"zebrafish service"')).toEqual(['deploying the zebrafish service tonight']);
    expect(await hits(ann, '"service zebrafish"')).toEqual([]);
    expect(await hits(ben, 'zebrafish')).toEqual(['Zebrafish rollback notes are ready', 'deploying the zebrafish service tonight']);
    expect(await hits(ann, 'zebrafish', { chat_id: b })).toEqual(['the ZEBRAFISH café order']);
    const hit = (await search(ann, { q: 'rollback' })).body.messages[0];
    expect(hit).toMatchObject({ chat_id: a, sender_id: ben.id, deleted: false, mentions: [] });
  });

  it('filters by sender, chat, attachment and date', async () => {
    const chatId = await group(ann, [ben, cat], 'Quokka planning');
    await say(ann, chatId, 'quokka budget from ann');
    await say(ben, chatId, 'quokka budget from ben');
    expect(await hits(ann, 'quokka from:ben')).toEqual(['quokka budget from ben']);
    expect(await hits(ann, 'quokka from:me')).toEqual(['quokka budget from ann']);
    expect(await hits(ann, 'quokka from:ben from:me')).toHaveLength(2);
    // Names only, as people search matches them (hardening): an email address never matches.
    expect(await hits(ann, `quokka from:${ben.email}`)).toEqual([]);
    expect(await hits(cat, 'quokka in:planning')).toHaveLength(2);
    expect(await hits(cat, 'quokka in:nowhere')).toEqual([]);
    const accented = await group(ann, [cat], 'ÉQUIPE Ünïcode');
    await say(cat, accented, 'ibex accented title');
    expect(await hits(ann, 'ibex in:équipe')).toEqual(['ibex accented title']);
    expect(await hits(ann, 'ibex in:ünï')).toEqual(['ibex accented title']);
    expect(await hits(ann, 'quokka has:file')).toEqual([]);
    const upload = await as(ben).request('POST', '/upload', { body: new TextEncoder().encode('quokka notes'), headers: { 'content-type': 'text/plain', 'x-filename': 'notes.txt' } });
    expect(upload.status).toBe(201);
    const sent = await say(ben, chatId, 'quokka file attached', { attachment: upload.body.url, mentions: [cat.id] });
    // One append stores both the attachment's name and size and the mentions.
    expect(sent).toMatchObject({ attachment_name: 'notes.txt', attachment_size: 12, mentions: [cat.id] });
    expect(await hits(cat, 'quokka has:file')).toEqual(['quokka file attached']);
    // A hit carries what the message carries: the attachment's original name and size too.
    expect((await search(cat, { q: 'quokka has:file' })).body.messages[0]).toMatchObject({ attachment_name: 'notes.txt', attachment_size: 12, mentions: [cat.id] });
    expect(await hits(cat, 'has:file from:ben')).toEqual(['quokka file attached']);
    const today = new Date().toISOString().slice(0, 10);
    expect(await hits(ann, `quokka before:${today}`)).toEqual([]);
    expect(await hits(ann, 'quokka after:2000-01-01')).toHaveLength(3);
    // Filters alone select messages too.
    expect(await hits(ben, `from:me in:quokka`)).toEqual(['quokka file attached', 'quokka budget from ben']);
  });

  it('finds a 1:1 chat by the other member\'s name', async () => {
    const res = await as(cat).post('/chats', { member_ids: [ann.id] });
    await say(cat, res.body.id, 'wombat pair message');
    expect(await hits(ann, `wombat in:${cat.full_name.toLowerCase()}`)).toEqual(['wombat pair message']);
    expect(await hits(ann, `wombat in:${ben.full_name.toLowerCase()}`)).toEqual([]);
  });

  it('pages with before', async () => {
    const chatId = await group(ann, [ben]);
    for (let i = 1; i <= 5; i++) await say(ann, chatId, `pangolin ${i}`);
    const first = await search(ann, { q: 'pangolin', limit: 2 });
    expect(first.body.messages.map((m: { content: string }) => m.content)).toEqual(['pangolin 5', 'pangolin 4']);
    expect(first.body.next_before).toBe(first.body.messages[1].id);
    const second = await search(ann, { q: 'pangolin', limit: 2, before: first.body.next_before });
    expect(second.body.messages.map((m: { content: string }) => m.content)).toEqual(['pangolin 3', 'pangolin 2']);
    const last = await search(ann, { q: 'pangolin', limit: 2, before: second.body.next_before });
    expect(last.body).toEqual({ messages: [expect.objectContaining({ content: 'pangolin 1' })], next_before: null });
  });

  it('follows edits and never finds a deleted message again', async () => {
    const chatId = await group(ann, [ben]);
    const m = await say(ann, chatId, 'axolotl original words');
    const edit = await as(ann).request('PATCH', `/chats/${chatId}/messages/${m.seq}`, { body: JSON.stringify({ content: 'narwhal replaced words' }), headers: json });
    expect(edit.status).toBe(200);
    expect(await hits(ben, 'axolotl')).toEqual([]);
    expect(await hits(ben, 'narwhal')).toEqual(['narwhal replaced words']);
    expect((await as(ann).request('DELETE', `/chats/${chatId}/messages/${m.seq}`)).status).toBe(200);
    expect(await hits(ben, 'narwhal')).toEqual([]);
    expect(await hits(ben, 'replaced')).toEqual([]);
  });

  it('never returns chats I left or was removed from, nor chats I am not in', async () => {
    const left = await group(ann, [ben, cat]);
    const removed = await group(ann, [ben, cat]);
    await say(ann, left, 'okapi in the chat cat leaves');
    await say(ann, removed, 'okapi in the chat cat is removed from');
    const other = await group(ann, [ben]);
    await say(ben, other, 'okapi never shown to cat');
    expect(await hits(cat, 'okapi')).toHaveLength(2);
    expect((await as(cat).post(`/chats/${left}/leave`, {})).status).toBeLessThan(300);
    expect((await as(ann).request('DELETE', `/chats/${removed}/members/${cat.id}`)).status).toBeLessThan(300);
    expect(await hits(cat, 'okapi')).toEqual([]);
    expect((await search(cat, { q: 'okapi', chat_id: left })).status).toBe(403);
    expect(await hits(ann, 'okapi')).toHaveLength(3);
  });

  it('answers hostile queries without an SQL error', async () => {
    const chatId = await group(ann, [ben]);
    await say(ann, chatId, 'tapir "quoted" (parens) a*b NEAR OR AND NOT: col:x');
    const hostile = ['")*( OR', "'; DROP TABLE messages; --", 'NEAR(tapir quoted)', 'tapir*', '^tapir', 'tapir:*', '!tapir & |', '"', '\\', 'col:x', 'a'.repeat(500), 'tapir "unterminated'];
    for (const q of hostile) {
      const res = await search(ann, { q });
      // Words found or not; a query with no words at all is a clear 422, never a 500.
      if (/[a-z]/i.test(q)) expect(res.status, q).toBe(200);
      else expect([res.status, res.body.error?.code], q).toEqual([422, 'invalid']);
    }
    expect(await hits(ann, 'tapir NEAR')).toHaveLength(1);
    expect(await hits(ann, '(parens) "quoted"')).toHaveLength(1);
  });

  it('refuses bad requests with the error shape', async () => {
    for (const params of [{ q: '' }, { q: '  !!! ' }, { q: 'x', limit: 0 }, { q: 'x', before: 'abc' }, { q: 'x', chat_id: -1 }]) {
      const res = await search(ann, params);
      expect(res.status, JSON.stringify(params)).toBe(422);
      expect(res.body.error.code).toBe('invalid');
    }
    expect((await api(srv.url).get('/search?q=x')).status).toBe(401);
  });
});

describe('mentions', () => {
  it('are validated, stored and returned on sends, history, replay and edits', async () => {
    const chatId = await group(ann, [ben]);
    const sent = await say(ann, chatId, '@Ben look', { mentions: [ben.id, ben.id] });
    expect(sent.mentions).toEqual([ben.id]);
    const refused = await as(ann).post(`/chats/${chatId}/messages`, { content: '@Cat hi', mentions: [cat.id] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid');
    expect((await as(ann).post(`/chats/${chatId}/messages`, { content: 'x', mentions: ['1'] })).status).toBe(422);
    const plain = await say(ben, chatId, 'no one');
    expect(plain.mentions).toEqual([]);

    const history = await as(ben).get(`/chats/${chatId}/messages`);
    expect(history.body.map((m: { mentions: number[] }) => m.mentions)).toEqual([[ben.id], []]);
    const replay = await as(ben).get(`/chats/${chatId}/events?after_seq=0`);
    expect(replay.body.events[0]).toMatchObject({ type: 'new_message', mentions: [ben.id] });

    const edit = await as(ann).request('PATCH', `/chats/${chatId}/messages/${sent.seq}`, { body: JSON.stringify({ content: '@Ann me', mentions: [ann.id] }), headers: json });
    expect(edit.body).toMatchObject({ type: 'message_edited', mentions: [ann.id] });
    const after = await as(ben).get(`/chats/${chatId}/messages`);
    expect(after.body[0].mentions).toEqual([ann.id]);
    const badEdit = await as(ann).request('PATCH', `/chats/${chatId}/messages/${sent.seq}`, { body: JSON.stringify({ content: 'x', mentions: [cat.id] }), headers: json });
    expect(badEdit.status).toBe(422);
    // A deleted message keeps no trace of whom it named.
    await as(ann).request('DELETE', `/chats/${chatId}/messages/${sent.seq}`);
    expect((await as(ben).get(`/chats/${chatId}/messages`)).body[0].mentions).toEqual([]);
  });
});
