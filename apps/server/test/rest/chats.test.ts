import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  srv = await startTestServer();
  ann = await registerUser(srv.url, 'Ann');
  ben = await registerUser(srv.url, 'Ben');
  cat = await registerUser(srv.url, 'Cat');
  stranger = await registerUser(srv.url, 'Stranger');
  await connectUsers(srv.url, ann, ben);
  await connectUsers(srv.url, cat, ann);
});
afterAll(async () => {
  await srv?.close();
});

let chatsMade = 0;
/** A fresh chat each call: a titled group unless a title is given (untitled 1:1 chats are unique per pair). */
async function newChat(owner: TestUser, members: TestUser[], title = `chat ${++chatsMade}`): Promise<number> {
  const res = await api(srv.url, owner.token).post('/chats', { member_ids: members.map((m) => m.id), title });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('POST /chats', () => {
  it('creates a chat with the creator always included', async () => {
    const res = await api(srv.url, ann.token).post('/chats', { member_ids: [ben.id, cat.id], title: 'Trio' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), title: 'Trio', member_ids: expect.arrayContaining([ann.id, ben.id, cat.id]), is_group: true, admin_ids: [ann.id] });
    expect(res.body.member_ids).toHaveLength(3);
    // Listing the creator too is harmless.
    const withSelf = await api(srv.url, ann.token).post('/chats', { member_ids: [ann.id, ben.id] });
    expect(withSelf.status).toBe(201);
    expect(withSelf.body.title).toBeNull();
    expect([...withSelf.body.member_ids].sort()).toEqual([ann.id, ben.id].sort());
  });

  it('answers 403 when a member is not an accepted connection', async () => {
    const res = await api(srv.url, ann.token).post('/chats', { member_ids: [ben.id, stranger.id] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    // Ben and Cat are not connected to each other.
    expect((await api(srv.url, ben.token).post('/chats', { member_ids: [cat.id] })).status).toBe(403);
    // A pending request is not a connection either.
    await api(srv.url, stranger.token).post('/connections', { to_user_id: ann.id });
    expect((await api(srv.url, ann.token).post('/chats', { member_ids: [stranger.id] })).status).toBe(403);
  });

  it('answers 422 for a chat with only yourself or a malformed body', async () => {
    expect((await api(srv.url, ann.token).post('/chats', { member_ids: [ann.id] })).status).toBe(422);
    expect((await api(srv.url, ann.token).post('/chats', { member_ids: [] })).status).toBe(422);
    expect((await api(srv.url, ann.token).post('/chats', { member_ids: 'x' })).status).toBe(422);
    expect((await api(srv.url, ann.token).post('/chats', {})).status).toBe(422);
  });
});

describe('messages', () => {
  it('sends, lists in seq order and pages with after_seq, before_seq and limit', async () => {
    const chatId = await newChat(ann, [ben]);
    const seqs: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const sender = i % 2 ? ann : ben;
      const res = await api(srv.url, sender.token).post(`/chats/${chatId}/messages`, { content: `m${i}` });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: expect.any(Number), chat_id: chatId, seq: i, sender_id: sender.id, content: `m${i}`, attachment: null });
      expect(res.body.timestamp).toMatch(/Z$/);
      seqs.push(res.body.seq);
    }
    const all = await api(srv.url, ben.token).get(`/chats/${chatId}/messages`);
    expect(all.status).toBe(200);
    expect(all.body.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const after = await api(srv.url, ben.token).get(`/chats/${chatId}/messages?after_seq=2&limit=2`);
    expect(after.body.map((m: { content: string }) => m.content)).toEqual(['m3', 'm4']);
    const before = await api(srv.url, ben.token).get(`/chats/${chatId}/messages?before_seq=5&limit=2`);
    expect(before.body.map((m: { seq: number }) => m.seq)).toEqual([3, 4]);
    expect((await api(srv.url, ben.token).get(`/chats/${chatId}/messages?limit=0`)).status).toBe(422);
    expect((await api(srv.url, ben.token).get(`/chats/${chatId}/messages?after_seq=-1`)).status).toBe(422);
  });

  it('is idempotent on client_id: a resend returns the original and stores nothing', async () => {
    const chatId = await newChat(ann, [ben]);
    const first = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'once', client_id: 'c-123' });
    const again = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'once', client_id: 'c-123' });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(first.body.client_id).toBe('c-123');
    expect((await api(srv.url, ann.token).get(`/chats/${chatId}/messages`)).body).toHaveLength(1);
    expect((await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'x', client_id: 'has space' })).status).toBe(422);
  });

  it('validates content: empty → 422, over 4000 characters → 422, control characters stripped, HTML kept as text', async () => {
    const chatId = await newChat(ann, [ben]);
    const empty = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: ' \n\t ' });
    expect(empty.status).toBe(422);
    const long = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'y'.repeat(4001) });
    expect(long.status).toBe(422);
    expect(long.body.error.message).toMatch(/too long/);
    // 4000 emoji are 4000 characters (8000 UTF-16 units) and fit.
    expect((await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: '😀'.repeat(4000) })).status).toBe(201);
    const ctrl = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'a\u0000b\u001b[31mc\r\nd\te' });
    expect(ctrl.body.content).toBe('ab[31mc\nd\te');
    const html = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: '<script>alert(1)</script>' });
    expect(html.body.content).toBe('<script>alert(1)</script>');
    const bad = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'x', attachment: 'http://evil.test/a.png' });
    expect(bad.status).toBe(422);
    const missing = await api(srv.url, ann.token).post(`/chats/${chatId}/messages`, { content: 'x', attachment: '/upload/files/AAAAAAAAAAAAAAAAAAAAAAAA.png' });
    expect(missing.status).toBe(422);
  });

  it('answers 403 to non-members and 404 for unknown chats', async () => {
    const chatId = await newChat(ann, [ben]);
    const list = await api(srv.url, cat.token).get(`/chats/${chatId}/messages`);
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe('forbidden');
    expect((await api(srv.url, cat.token).post(`/chats/${chatId}/messages`, { content: 'let me in' })).status).toBe(403);
    expect((await api(srv.url, cat.token).post(`/chats/${chatId}/read`, { seq: 1 })).status).toBe(403);
    expect((await api(srv.url, ann.token).get('/chats/999999/messages')).status).toBe(404);
    expect((await api(srv.url, ann.token).post('/chats/999999/messages', { content: 'x' })).status).toBe(404);
  });
});

describe('GET /chats and read markers', () => {
  it('lists my chats with the last message and my unread count, and read marking lowers it', async () => {
    const chatId = await newChat(cat, [ann], 'Cat & Ann');
    for (let i = 1; i <= 3; i++) await api(srv.url, cat.token).post(`/chats/${chatId}/messages`, { content: `hello ${i}` });
    const find = async (u: TestUser) => {
      const res = await api(srv.url, u.token).get('/chats');
      expect(res.status).toBe(200);
      return res.body.find((c: { id: number }) => c.id === chatId);
    };
    const forAnn = await find(ann);
    expect(forAnn).toMatchObject({ id: chatId, title: 'Cat & Ann', unread_count: 3, last_seq: 3 });
    expect(forAnn.last_message).toMatchObject({ seq: 3, content: 'hello 3', sender_id: cat.id });
    // My own messages are not unread to me.
    expect((await find(cat)).unread_count).toBe(0);

    const read = await api(srv.url, ann.token).post(`/chats/${chatId}/read`, { seq: 2 });
    expect(read.status).toBe(204);
    expect(read.body).toBe('');
    expect((await find(ann)).unread_count).toBe(1);
    // Markers never move backwards and never past the last message.
    await api(srv.url, ann.token).post(`/chats/${chatId}/read`, { seq: 1 });
    expect((await find(ann)).unread_count).toBe(1);
    await api(srv.url, ann.token).post(`/chats/${chatId}/read`, { seq: 99 });
    expect((await find(ann)).unread_count).toBe(0);
    await api(srv.url, cat.token).post(`/chats/${chatId}/messages`, { content: 'one more' });
    expect((await find(ann)).unread_count).toBe(1);

    expect((await api(srv.url, ann.token).post(`/chats/${chatId}/read`, { seq: 'x' })).status).toBe(422);
    // Chats I am not in are not listed.
    expect((await api(srv.url, ben.token).get('/chats')).body.some((c: { id: number }) => c.id === chatId)).toBe(false);
  });

  it('needs a token', async () => {
    expect((await api(srv.url).get('/chats')).status).toBe(401);
    expect((await api(srv.url).post('/chats', { member_ids: [1] })).status).toBe(401);
    expect((await api(srv.url).get('/chats/1/messages')).status).toBe(401);
  });
});
