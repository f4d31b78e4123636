/**
 * Issue 11 on the sockets: event frames live to every member, WebSocket edit/delete/
 * react/read frames with their error codes, resume replaying edits and deletions to a
 * desktop that was away, read receipts to members and the reader's other devices, and
 * a removed member cut off on every socket path. Runs on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@parley/protocol';
import { api, registerTrio, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, refusedUpgrade, wsUrl, type Frame } from './client.js';
import { closeAll, newChat, open, sendRest } from './fixtures.js';

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

const ofType = (type: string, extra: (f: Frame) => boolean = () => true) => (f: Frame) => f.type === type && extra(f);

describe('chat event frames', () => {
  it('edit, react, reply and delete reach every member in seq order, actor included', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const a = await open(srv, ann, `messages/${chatId}`);
    const b = await open(srv, ben, `messages/${chatId}`);
    a.send({ type: 'message', content: 'helo', client_id: 'm-1' });
    const sent = await b.waitFor(isType('new_message'));
    expect(sent).toMatchObject({ seq: 1, actor_id: ann.id, sender_id: ann.id, reply_to_seq: null, channel: `messages/${chatId}` });
    a.send({ type: 'edit', target_seq: 1, content: 'hello' });
    b.send({ type: 'react', target_seq: 1, reaction: '🎉' });
    b.send({ type: 'message', content: 'hi', reply_to_seq: 1 });
    for (const s of [a, b]) {
      await s.waitFor(ofType('new_message', (f) => f.seq === 4));
      const events = s.frames.filter((f) => typeof f.seq === 'number' && f.type !== 'read');
      expect(events.map((f) => [f.type, f.seq])).toEqual([['new_message', 1], ['message_edited', 2], ['reaction_added', 3], ['new_message', 4]]);
      expect(events[1]).toMatchObject({ target_seq: 1, content: 'hello', actor_id: ann.id, edited_at: expect.any(String) });
      expect(events[2]).toMatchObject({ target_seq: 1, reaction: '🎉', actor_id: ben.id });
      expect(events[3]).toMatchObject({ reply_to_seq: 1, sender_id: ben.id });
    }
    b.send({ type: 'react', target_seq: 1, reaction: '🎉', remove: true });
    a.send({ type: 'delete', target_seq: 1 });
    expect(await b.waitFor(isType('message_deleted'))).toMatchObject({ seq: 6, target_seq: 1, actor_id: ann.id });
    expect(b.frames.find((f) => f.type === 'reaction_removed')).toMatchObject({ seq: 5, reaction: '🎉' });
    await closeAll([a, b]);
  });

  it('answers bad event frames with SPEC codes and keeps the socket open', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    await sendRest(srv, ann, chatId, 'anns');
    const b = await open(srv, ben, `messages/${chatId}`);
    const errorFor = (clientId: string) => b.waitFor((f) => f.type === 'error' && f.client_id === clientId);
    b.send({ type: 'edit', target_seq: 1, content: 'not mine', client_id: 'e1' });
    expect(await errorFor('e1')).toMatchObject({ code: 'forbidden' });
    b.send({ type: 'edit', target_seq: 42, content: 'x', client_id: 'e2' });
    expect(await errorFor('e2')).toMatchObject({ code: 'invalid' });
    b.send({ type: 'delete', target_seq: 1, client_id: 'e3' });
    expect(await errorFor('e3')).toMatchObject({ code: 'forbidden' });
    b.send({ type: 'react', target_seq: 1, reaction: 'two words', client_id: 'e4' });
    expect(await errorFor('e4')).toMatchObject({ code: 'invalid' });
    b.send({ type: 'react', target_seq: 1, reaction: 'x'.repeat(33), client_id: 'e5' });
    expect(await errorFor('e5')).toMatchObject({ code: 'invalid' });
    b.send({ type: 'message', content: 'mine', client_id: 'e6' });
    const mine = await b.waitFor(ofType('new_message', (f) => f.client_id === 'e6'));
    b.send({ type: 'edit', target_seq: mine.seq, content: 'y'.repeat(4001), client_id: 'e7' });
    expect(await errorFor('e7')).toMatchObject({ code: 'too_long' });
    b.send({ type: 'message', content: 'r', reply_to_seq: 99, client_id: 'e8' });
    expect(await errorFor('e8')).toMatchObject({ code: 'invalid' });
    b.send({ type: 'delete', target_seq: mine.seq, client_id: 'e9' });
    await b.waitFor(isType('message_deleted'));
    b.send({ type: 'react', target_seq: mine.seq, reaction: 'ok', client_id: 'e10' });
    expect(await errorFor('e10')).toMatchObject({ code: 'invalid' });
    b.send({ type: 'ping' });
    await b.waitFor(isType('pong'));
    await b.close();
  });

  it('an offline desktop resuming with after_seq sees the edits and deletions made while it was away', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    await sendRest(srv, ann, chatId, 'one');
    await sendRest(srv, ann, chatId, 'secret two');
    const seen = 2;
    // Ben is away while Ann edits one and deletes the other.
    const edit = await api(srv.url, ann.token).request('PATCH', `/chats/${chatId}/messages/1`, { body: JSON.stringify({ content: 'one (edited)' }), headers: { 'content-type': 'application/json' } });
    expect(edit.status).toBe(200);
    expect((await api(srv.url, ann.token).request('DELETE', `/chats/${chatId}/messages/2`)).status).toBe(200);
    for (const path of [`messages/${chatId}`, null]) {
      const b = path ? await open(srv, ben, path, { after_seq: seen }) : await open(srv, ben, null);
      if (!path) b.send({ type: 'subscribe', channel: `messages/${chatId}`, after_seq: seen });
      const replay = await b.waitForCount((f) => typeof f.seq === 'number', 2);
      expect(replay.map((f) => [f.type, f.seq, f.target_seq])).toEqual([['message_edited', 3, 1], ['message_deleted', 4, 2]]);
      expect(replay[0]).toMatchObject({ content: 'one (edited)' });
      await b.close();
    }
    // From the start, the deleted message replays without its text.
    const full = await open(srv, ben, `messages/${chatId}`, { after_seq: 0 });
    const all = await full.waitForCount((f) => typeof f.seq === 'number', 4);
    expect(all[1]).toMatchObject({ type: 'new_message', seq: 2, content: '' });
    expect(JSON.stringify(all)).not.toContain('secret');
    await full.close();
  });
});

describe('read receipts', () => {
  it('go to the members on the chat and to the reader\'s other devices', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    await sendRest(srv, ann, chatId, 'read me');
    const a = await open(srv, ann, `messages/${chatId}`);
    const b1 = await open(srv, ben, `messages/${chatId}`);
    // Ben's other device listens to every chat on one multiplexed socket.
    const b2 = await open(srv, ben, null);
    b2.send({ type: 'subscribe', channel: 'messages/*' });
    await b2.waitFor(isType('subscribed'));
    b1.send({ type: 'read', seq: 1 });
    const expected = { type: 'read', chat_id: chatId, user_id: ben.id, seq: 1, channel: `messages/${chatId}` };
    expect(await a.waitFor(isType('read'))).toEqual(expected);
    expect(await b2.waitFor(isType('read'))).toEqual(expected);
    // Over REST too, clamped to the last seq.
    expect((await api(srv.url, ann.token).post(`/chats/${chatId}/read`, { seq: 50 })).status).toBe(204);
    expect(await b1.waitFor(ofType('read', (f) => f.user_id === ann.id))).toMatchObject({ seq: 1 });
    const detail = await api(srv.url, ann.token).get(`/chats/${chatId}`);
    expect(detail.body.reads).toEqual(expect.arrayContaining([{ user_id: ann.id, seq: 1 }, { user_id: ben.id, seq: 1 }]));
    b1.send({ type: 'read', seq: -1, client_id: 'r1' });
    expect(await b1.waitFor(isType('error'))).toMatchObject({ code: 'invalid' });
    await closeAll([a, b1, b2]);
  });
});

describe('membership on the sockets', () => {
  it('an added member hears chat_created on messages/* and receives the chat from then on', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const c = await open(srv, cat, null);
    c.send({ type: 'subscribe', channel: 'messages/*' });
    await c.waitFor(isType('subscribed'));
    const added = await api(srv.url, ann.token).post(`/chats/${chatId}/members`, { user_id: cat.id });
    expect(added.status).toBe(201);
    expect(await c.waitFor(isType('chat_created'))).toMatchObject({
      channel: 'messages/*',
      chat: { id: chatId, is_group: true, admin_ids: [ann.id], member_ids: expect.arrayContaining([ann.id, ben.id, cat.id]) },
    });
    await sendRest(srv, ben, chatId, 'welcome cat');
    expect(await c.waitFor(isType('new_message'))).toMatchObject({ chat_id: chatId, content: 'welcome cat' });
    await c.close();
  });

  it('a removed member gets the event and then nothing more from the chat, on every path', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const otherChat = await newChat(srv, ann, [ben]);
    const perChat = await open(srv, ben, `messages/${chatId}`);
    const mux = await open(srv, ben, null);
    mux.send({ type: 'subscribe', channel: `messages/${chatId}` });
    await mux.waitFor(isType('subscribed'));
    const all = await open(srv, ben, null);
    all.send({ type: 'subscribe', channel: 'messages/*' });
    await all.waitFor(isType('subscribed'));

    const removed = await api(srv.url, ann.token).request('DELETE', `/chats/${chatId}/members/${ben.id}`);
    expect(removed.status).toBe(200);
    const event = { type: 'member_removed', chat_id: chatId, user_id: ben.id, actor_id: ann.id };
    // The per-chat socket: the event, then the terminal close.
    expect(await perChat.waitFor(isType('member_removed'))).toMatchObject(event);
    expect((await perChat.closed).code).toBe(CLOSE_CODES.forbidden);
    // A /ws subscription: the event, then forbidden for the channel; the socket stays up.
    expect(await mux.waitFor(isType('member_removed'))).toMatchObject(event);
    expect(await mux.waitFor(isType('error'))).toMatchObject({ code: 'forbidden', channel: `messages/${chatId}` });
    expect(await all.waitFor(isType('member_removed'))).toMatchObject(event);

    // Later traffic in the chat reaches nobody on Ben's side; traffic elsewhere still does.
    await sendRest(srv, ann, chatId, 'after removal');
    await sendRest(srv, ann, otherChat, 'marker');
    await all.waitFor(ofType('new_message', (f) => f.content === 'marker'));
    mux.send({ type: 'subscribe', channel: `messages/${otherChat}` });
    await mux.waitFor((f) => f.type === 'subscribed' && f.channel === `messages/${otherChat}`);
    for (const s of [mux, all]) expect(s.frames.filter((f) => f.content === 'after removal')).toEqual([]);

    // Sending, subscribing again and resuming are refused.
    mux.send({ channel: `messages/${chatId}`, type: 'message', content: 'let me back', client_id: 'back-1' });
    expect(await mux.waitFor((f) => f.client_id === 'back-1')).toMatchObject({ type: 'error', code: 'forbidden' });
    mux.send({ type: 'subscribe', channel: `messages/${chatId}`, after_seq: 0 });
    // The second channel error without a client_id: the first was the revocation.
    const channelErrors = await mux.waitForCount((f) => f.type === 'error' && f.channel === `messages/${chatId}` && f.client_id === undefined, 2);
    expect(channelErrors[1]).toMatchObject({ code: 'forbidden' });
    expect((await refusedUpgrade(wsUrl(srv.wsUrl, `/ws/messages/${chatId}`, { token: ben.token, after_seq: 0 }))).status).toBe(403);
    await closeAll([mux, all]);
  });

  it('leaving and renaming are events too; the leaver is cut off like a removed member', async () => {
    const chatId = await newChat(srv, ann, [ben, cat]);
    const a = await open(srv, ann, `messages/${chatId}`);
    const c = await open(srv, cat, `messages/${chatId}`);
    c.send({ type: 'ping' });
    await c.waitFor(isType('pong'));
    expect((await api(srv.url, ann.token).request('PATCH', `/chats/${chatId}`, { body: JSON.stringify({ title: 'Renamed' }), headers: { 'content-type': 'application/json' } })).status).toBe(200);
    expect(await c.waitFor(isType('chat_renamed'))).toMatchObject({ title: 'Renamed', actor_id: ann.id });
    expect((await api(srv.url, cat.token).post(`/chats/${chatId}/leave`)).status).toBe(200);
    expect(await c.waitFor(isType('member_left'))).toMatchObject({ user_id: cat.id, member_ids: [ann.id, ben.id].sort((x, y) => x - y) });
    expect((await c.closed).code).toBe(CLOSE_CODES.forbidden);
    expect(await a.waitFor(isType('member_left'))).toMatchObject({ user_id: cat.id });
    await a.close();
  });
});
