/**
 * Issue 11 over REST: edits, deletions (tombstones), replies, reactions, the event
 * replay, 1:1 uniqueness under a race, group membership with access revocation, and the
 * configurable limits. Runs on SQLite and (server-postgres project) PostgreSQL.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, makeTempDir, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
let dan: TestUser;
beforeAll(async () => {
  srv = await startTestServer({
    chatEvents: { editWindowMs: 60_000, maxReactionsPerMessage: 3, maxReactionChars: 8, maxGroupMembers: 4 },
  });
  [ann, ben, cat, dan] = (await Promise.all(['Ann', 'Ben', 'Cat', 'Dan'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser, TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
  await connectUsers(srv.url, ann, cat);
  await connectUsers(srv.url, ann, dan);
});
afterAll(async () => {
  await srv?.close();
});

const as = (user: TestUser) => api(srv.url, user.token);
const patch = (user: TestUser, path: string, body: unknown) =>
  as(user).request('PATCH', path, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const del = (user: TestUser, path: string) => as(user).request('DELETE', path);

let groups = 0;
async function group(owner: TestUser, members: TestUser[]): Promise<number> {
  const res = await as(owner).post('/chats', { member_ids: members.map((m) => m.id), title: `group ${++groups}` });
  expect(res.status).toBe(201);
  return res.body.id as number;
}
async function say(user: TestUser, chatId: number, content: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await as(user).post(`/chats/${chatId}/messages`, { content, ...extra });
  expect(res.status).toBe(201);
  return res.body.seq as number;
}

describe('edits and deletions', () => {
  it('edit and delete answer with their events, which take seqs and show in history and replay', async () => {
    const chatId = await group(ann, [ben]);
    const seq = await say(ann, chatId, 'helo wrld');
    const edited = await patch(ann, `/chats/${chatId}/messages/${seq}`, { content: 'hello world' });
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ type: 'message_edited', chat_id: chatId, seq: seq + 1, actor_id: ann.id, target_seq: seq, content: 'hello world', edited_at: expect.any(String), timestamp: expect.any(String), mentions: [] });
    const reply = await say(ben, chatId, 'hi!', { reply_to_seq: seq });
    const history = await as(ben).get(`/chats/${chatId}/messages`);
    expect(history.body).toEqual([
      expect.objectContaining({ seq, content: 'hello world', edited_at: edited.body.edited_at, deleted: false, reply_to_seq: null, reactions: [] }),
      expect.objectContaining({ seq: reply, content: 'hi!', reply_to_seq: seq, edited_at: null }),
    ]);

    const deleted = await del(ben, `/chats/${chatId}/messages/${reply}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ type: 'message_deleted', target_seq: reply, actor_id: ben.id, seq: reply + 1 });
    const after = await as(ann).get(`/chats/${chatId}/messages`);
    expect(after.body[1]).toMatchObject({ seq: reply, content: '', attachment: null, deleted: true });

    const replay = await as(ann).get(`/chats/${chatId}/events?after_seq=0`);
    expect(replay.status).toBe(200);
    expect(replay.body.events.map((e: { type: string; seq: number }) => [e.type, e.seq])).toEqual([
      ['new_message', seq], ['message_edited', seq + 1], ['new_message', reply], ['message_deleted', reply + 1],
    ]);
    expect(replay.body.events[2]).toMatchObject({ content: '', reply_to_seq: seq, actor_id: ben.id });
    expect((await as(ann).get(`/chats/${chatId}/events?after_seq=${seq + 1}&limit=1`)).body.events).toEqual([expect.objectContaining({ seq: reply })]);
    expect((await as(ann).get(`/chats/${chatId}/events?limit=0`)).status).toBe(422);
  });

  it('refuses with the SPEC codes: not the author, unknown or deleted target, bad input, bad reply', async () => {
    const chatId = await group(ann, [ben, cat]);
    const bens = await say(ben, chatId, 'mine');
    expect((await patch(ann, `/chats/${chatId}/messages/${bens}`, { content: 'no' })).status).toBe(403);
    expect((await del(cat, `/chats/${chatId}/messages/${bens}`)).status).toBe(403);
    expect((await patch(ben, `/chats/${chatId}/messages/999`, { content: 'x' })).status).toBe(404);
    expect((await patch(ben, `/chats/${chatId}/messages/abc`, { content: 'x' })).status).toBe(404);
    expect((await patch(ben, `/chats/${chatId}/messages/${bens}`, { content: '' })).status).toBe(422);
    expect((await patch(ben, `/chats/${chatId}/messages/${bens}`, { content: 'x'.repeat(4001) })).status).toBe(422);
    expect((await patch(ben, `/chats/${chatId}/messages/${bens}`, {})).status).toBe(422);
    expect((await as(ben).post(`/chats/${chatId}/messages`, { content: 'r', reply_to_seq: 999 })).status).toBe(422);
    // The group admin may delete anyone's message; afterwards it cannot be edited, deleted or replied to.
    expect((await del(ann, `/chats/${chatId}/messages/${bens}`)).status).toBe(200);
    expect((await patch(ben, `/chats/${chatId}/messages/${bens}`, { content: 'x' })).body.error.code).toBe('invalid');
    expect((await del(ben, `/chats/${chatId}/messages/${bens}`)).status).toBe(422);
    expect((await as(ben).post(`/chats/${chatId}/messages`, { content: 'r', reply_to_seq: bens })).status).toBe(422);
    // Non-members and unknown chats.
    expect((await patch(dan, `/chats/${chatId}/messages/${bens}`, { content: 'x' })).status).toBe(403);
    expect((await del(ann, '/chats/999999/messages/1')).status).toBe(404);
  });

  it('removes a deleted message\'s attachment file unless another message still shows it', async () => {
    const chatId = await group(ann, [ben]);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b2e0a50000000049454e44ae426082', 'hex');
    const uploadPng = async () => {
      const res = await as(ann).request('POST', '/upload', { body: png, headers: { 'content-type': 'image/png', 'x-filename': 'p.png' } });
      expect(res.status).toBe(201);
      return res.body.url as string;
    };
    const fileStatus = async (url: string) => (await fetch(srv.url + url, { headers: { authorization: `Bearer ${ann.token}` } })).status;
    const alone = await uploadPng();
    const shared = await uploadPng();
    const first = await say(ann, chatId, '', { attachment: alone });
    const second = await say(ann, chatId, 'one', { attachment: shared });
    await say(ann, chatId, 'two', { attachment: shared });
    expect(await fileStatus(alone)).toBe(200);
    expect((await del(ann, `/chats/${chatId}/messages/${first}`)).status).toBe(200);
    expect(await fileStatus(alone)).toBe(404);
    expect((await del(ann, `/chats/${chatId}/messages/${second}`)).status).toBe(200);
    expect(await fileStatus(shared)).toBe(200);
    const [tombstone] = (await as(ben).get(`/chats/${chatId}/messages`)).body;
    expect(tombstone).toMatchObject({ seq: first, deleted: true, attachment: null, content: '' });
  });

  // The file check is SQLite's; PostgreSQL stores rows in its own files.
  it.skipIf(process.env.PARLEY_TEST_STORE === 'postgres')('removes a deleted message\'s text from the SQLite file, not only from answers', async () => {
    const dir = await makeTempDir();
    const own = await startTestServer({ dataDir: dir });
    try {
      const a = await registerUser(own.url, 'A');
      const b = await registerUser(own.url, 'B');
      await connectUsers(own.url, a, b);
      const chat = await api(own.url, a.token).post('/chats', { member_ids: [b.id] });
      // One word, so the search index (parley-search.db) would hold it whole.
      const secret = 'zebrasecret4242';
      const m = await api(own.url, a.token).post(`/chats/${chat.body.id}/messages`, { content: `first ${secret}` });
      await api(own.url, a.token).request('PATCH', `/chats/${chat.body.id}/messages/${m.body.seq}`, { body: JSON.stringify({ content: `second ${secret}` }), headers: { 'content-type': 'application/json' } });
      expect((await api(own.url, a.token).request('DELETE', `/chats/${chat.body.id}/messages/${m.body.seq}`)).status).toBe(200);
      await own.close();
      // Neither the database nor the search index (secure_delete zeroes freed cells), nor
      // their WALs (emptied by a checkpoint after each deletion), still holds the text.
      const files = (await readdir(dir)).filter((name) => name.startsWith('parley'));
      expect(files).toEqual(expect.arrayContaining(['parley.db', 'parley-search.db']));
      for (const name of files) {
        const bytes = await readFile(join(dir, name));
        expect(bytes.includes(Buffer.from('zebrasecret')), name).toBe(false);
      }
    } finally {
      await own.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('reactions', () => {
  it('are events, idempotent per user, limited, and removable by URL-encoded name', async () => {
    const chatId = await group(ann, [ben]);
    const seq = await say(ann, chatId, 'react');
    const added = await as(ben).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: '👍🏽' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ type: 'reaction_added', target_seq: seq, reaction: '👍🏽', actor_id: ben.id, seq: seq + 1 });
    const again = await as(ben).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: '👍🏽' });
    expect(again).toMatchObject({ status: 200, body: { event: null } });
    await as(ann).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: '👍🏽' });
    await as(ann).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: 'ok' });
    await as(ann).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: 'lol' });
    // At most 3 different reactions (configured), at most 8 characters, no spaces.
    expect((await as(ben).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: 'four' })).status).toBe(422);
    expect((await as(ben).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: 'ok' })).status).toBe(201);
    expect((await as(ben).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: 'ninechars' })).status).toBe(422);
    expect((await as(ben).post(`/chats/${chatId}/messages/${seq}/reactions`, { reaction: 'a b' })).status).toBe(422);
    expect((await as(ben).post(`/chats/${chatId}/messages/999/reactions`, { reaction: 'ok' })).status).toBe(404);
    const [message] = (await as(ann).get(`/chats/${chatId}/messages`)).body;
    expect(message.reactions).toEqual([
      { reaction: '👍🏽', user_ids: [ben.id, ann.id] },
      { reaction: 'ok', user_ids: [ann.id, ben.id] },
      { reaction: 'lol', user_ids: [ann.id] },
    ]);
    const removed = await del(ben, `/chats/${chatId}/messages/${seq}/reactions/${encodeURIComponent('👍🏽')}`);
    expect(removed).toMatchObject({ status: 200, body: { type: 'reaction_removed', reaction: '👍🏽', actor_id: ben.id } });
    expect(await del(ben, `/chats/${chatId}/messages/${seq}/reactions/${encodeURIComponent('👍🏽')}`)).toMatchObject({ status: 200, body: { event: null } });
    expect((await del(ben, `/chats/${chatId}/messages/${seq}/reactions/%E0%A4%A`)).status).toBe(422);
  });
});

describe('1:1 chats', () => {
  it('are unique per pair: simultaneous creates give one chat (201 once, 200 otherwise)', async () => {
    const [x, y] = await Promise.all([registerUser(srv.url, 'X'), registerUser(srv.url, 'Y')]);
    await connectUsers(srv.url, x, y);
    const results = await Promise.all([
      api(srv.url, x.token).post('/chats', { member_ids: [y.id] }),
      api(srv.url, y.token).post('/chats', { member_ids: [x.id] }),
      api(srv.url, x.token).post('/chats', { member_ids: [y.id, x.id] }),
    ]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(results[0]!.body).toMatchObject({ is_group: false, admin_ids: [], title: null });
    // A titled chat of the same pair is a group, always new.
    const titled = await api(srv.url, x.token).post('/chats', { member_ids: [y.id], title: 'Project' });
    expect(titled.status).toBe(201);
    expect(titled.body).toMatchObject({ is_group: true, admin_ids: [x.id] });
    expect(titled.body.id).not.toBe(results[0]!.body.id);
  });
});

describe('group membership', () => {
  it('admins add connections and remove members; removed members lose REST access at once', async () => {
    const chatId = await group(ann, [ben]);
    await say(ben, chatId, 'before cat');
    expect((await as(ben).post(`/chats/${chatId}/members`, { user_id: cat.id })).status).toBe(403);
    // Only the adder's accepted connections can be added (Ben and Dan are not connected).
    const added = await as(ann).post(`/chats/${chatId}/members`, { user_id: cat.id });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ type: 'member_added', user_id: cat.id, actor_id: ann.id, member_ids: [ann.id, ben.id, cat.id].sort((a, b) => a - b) });
    expect((await as(ann).post(`/chats/${chatId}/members`, { user_id: cat.id })).status).toBe(422);
    expect((await as(ann).post(`/chats/${chatId}/members`, { user_id: 'x' })).status).toBe(422);

    const detail = await as(cat).get(`/chats/${chatId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: chatId, is_group: true, admin_ids: [ann.id], reads: expect.arrayContaining([{ user_id: cat.id, seq: 1 }]) });
    const listed = (await as(cat).get('/chats')).body.find((c: { id: number }) => c.id === chatId);
    expect(listed).toMatchObject({ is_group: true, admin_ids: [ann.id], unread_count: 0, reads: expect.any(Array) });

    const removed = await del(ann, `/chats/${chatId}/members/${ben.id}`);
    expect(removed).toMatchObject({ status: 200, body: { type: 'member_removed', user_id: ben.id, member_ids: expect.not.arrayContaining([ben.id]) } });
    for (const res of [
      await as(ben).get(`/chats/${chatId}/messages`),
      await as(ben).get(`/chats/${chatId}/events`),
      await as(ben).get(`/chats/${chatId}`),
      await as(ben).post(`/chats/${chatId}/messages`, { content: 'still here?' }),
      await as(ben).post(`/chats/${chatId}/read`, { seq: 1 }),
      await as(ben).post(`/chats/${chatId}/messages/1/reactions`, { reaction: 'x' }),
    ]) expect(res.status).toBe(403);
    expect((await as(ben).get('/chats')).body.some((c: { id: number }) => c.id === chatId)).toBe(false);
    expect((await del(ann, `/chats/${chatId}/members/${ben.id}`)).status).toBe(404);
  });

  it('anyone leaves; groups are renamed; limits and 1:1 rules hold', async () => {
    const chatId = await group(ann, [cat]);
    const renamed = await patch(cat, `/chats/${chatId}`, { title: '  Book club  ' });
    expect(renamed).toMatchObject({ status: 200, body: { type: 'chat_renamed', title: 'Book club', actor_id: cat.id } });
    expect((await as(ann).get(`/chats/${chatId}`)).body.title).toBe('Book club');
    const left = await as(cat).post(`/chats/${chatId}/leave`);
    expect(left).toMatchObject({ status: 200, body: { type: 'member_left', user_id: cat.id, member_ids: [ann.id] } });
    expect((await as(cat).get(`/chats/${chatId}/messages`)).status).toBe(403);
    // Removing yourself is leaving.
    const other = await group(ann, [cat]);
    expect((await del(cat, `/chats/${other}/members/${cat.id}`)).body).toMatchObject({ type: 'member_left', user_id: cat.id });

    // At most 4 members (configured).
    const full = await group(ann, [ben, cat, dan]);
    const eve = await registerUser(srv.url, 'Eve');
    await connectUsers(srv.url, ann, eve);
    expect((await as(ann).post(`/chats/${full}/members`, { user_id: eve.id })).status).toBe(422);
    expect((await as(ann).post('/chats', { member_ids: [ben.id, cat.id, dan.id, eve.id], title: 'too big' })).status).toBe(422);

    const pair = await as(ann).post('/chats', { member_ids: [dan.id] });
    expect((await as(ann).post(`/chats/${pair.body.id}/leave`)).status).toBe(422);
    expect((await patch(ann, `/chats/${pair.body.id}`, { title: 'x' })).status).toBe(422);
    expect((await as(ann).post(`/chats/${pair.body.id}/members`, { user_id: cat.id })).status).toBe(422);
  });
});
