import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType } from './client.js';
import { closeAll, newChat, open, sendRest } from './fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
let eve: TestUser;

beforeAll(async () => {
  srv = await startTestServer();
  [ann, ben, cat, eve] = (await Promise.all(['Ann', 'Ben', 'Cat', 'Eve'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser, TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
  await connectUsers(srv.url, ann, cat);
});
afterAll(async () => {
  await srv?.close();
});

describe('/ws multiplexed', () => {
  it('subscribes and unsubscribes, tagging every frame with its channel', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const s = await open(srv, ben, null);
    s.send({ type: 'subscribe', channel: `messages/${chatId}` });
    expect(await s.waitFor(isType('subscribed'))).toEqual({ type: 'subscribed', channel: `messages/${chatId}` });
    s.send({ type: 'subscribe', channel: 'feed' });
    await s.waitFor((f) => f.type === 'subscribed' && f.channel === 'feed');
    await sendRest(srv, ann, chatId, 'to mux');
    expect(await s.waitFor(isType('new_message'))).toMatchObject({ content: 'to mux', channel: `messages/${chatId}` });
    s.send({ channel: `messages/${chatId}`, type: 'message', content: 'from mux', client_id: 'mux-1' });
    expect(await s.waitFor((f) => f.content === 'from mux')).toMatchObject({ sender_id: ben.id, client_id: 'mux-1', channel: `messages/${chatId}` });
    s.send({ type: 'ping', channel: 'feed' });
    expect(await s.waitFor(isType('pong'))).toEqual({ type: 'pong', channel: 'feed' });

    s.send({ type: 'unsubscribe', channel: `messages/${chatId}` });
    expect(await s.waitFor(isType('unsubscribed'))).toEqual({ type: 'unsubscribed', channel: `messages/${chatId}` });
    await sendRest(srv, ann, chatId, 'after unsubscribe');
    await api(srv.url, ann.token).post('/posts', { content: 'still on feed' });
    await s.waitFor(isType('new_post'));
    expect(s.frames.filter((f) => f.content === 'after unsubscribe')).toEqual([]);
    for (const f of s.frames) expect(f.channel, JSON.stringify(f)).toEqual(expect.any(String));
    await s.close();
  });

  it('answers forbidden with the channel for a chat the user is not in, and invalid for a bogus channel', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const s = await open(srv, eve, null);
    s.send({ type: 'subscribe', channel: `messages/${chatId}` });
    expect(await s.waitFor(isType('error'))).toMatchObject({ type: 'error', code: 'forbidden', channel: `messages/${chatId}` });
    s.send({ type: 'subscribe', channel: 'messages/987654' });
    expect(await s.waitFor((f) => f.type === 'error' && f.channel === 'messages/987654')).toMatchObject({ code: 'forbidden' });
    s.send({ type: 'subscribe', channel: 'bogus' });
    expect(await s.waitFor((f) => f.type === 'error' && f.channel === 'bogus')).toMatchObject({ code: 'invalid' });
    // Sending into a chat you are not in is forbidden too, and the socket stays open.
    s.send({ channel: `messages/${chatId}`, type: 'message', content: 'let me in', client_id: 'eve-1' });
    expect(await s.waitFor((f) => f.type === 'error' && f.client_id === 'eve-1')).toMatchObject({ code: 'forbidden', channel: `messages/${chatId}` });
    // A message frame without a channel cannot be routed.
    s.send({ type: 'message', content: 'where?' });
    expect(await s.waitFor((f) => f.type === 'error' && /channel/.test(f.message))).toMatchObject({ code: 'invalid' });
    expect(s.frames.filter(isType('subscribed'))).toEqual([]);
    s.send({ type: 'ping' });
    await s.waitFor(isType('pong'));
    await s.close();
  });

  it('messages/* covers every chat of the user, including chats created later', async () => {
    const existing = await newChat(srv, ann, [ben]);
    const other = await newChat(srv, ann, [cat]);
    const s = await open(srv, ben, null);
    s.send({ type: 'subscribe', channel: 'messages/*' });
    await s.waitFor((f) => f.type === 'subscribed' && f.channel === 'messages/*');
    await sendRest(srv, ann, existing, 'in existing');
    expect(await s.waitFor((f) => f.content === 'in existing')).toMatchObject({ chat_id: existing, channel: `messages/${existing}` });
    const later = await newChat(srv, ann, [ben, cat]);
    // The new chat is announced before any message in it.
    expect(await s.waitFor((f) => f.type === 'chat_created')).toMatchObject({ channel: 'messages/*', chat: { id: later, member_ids: expect.arrayContaining([ann.id, ben.id, cat.id]) } });
    await sendRest(srv, ann, later, 'in later chat');
    expect(await s.waitFor((f) => f.content === 'in later chat')).toMatchObject({ chat_id: later, channel: `messages/${later}` });
    // Not Ben's chat: nothing.
    await sendRest(srv, ann, other, 'not for ben');
    expect(await s.collectFor((f) => f.content === 'not for ben', 300)).toEqual([]);
    // messages/5 and messages/* together deliver each message once; dropping one keeps the other.
    s.send({ type: 'subscribe', channel: `messages/${existing}` });
    await s.waitFor((f) => f.type === 'subscribed' && f.channel === `messages/${existing}`);
    await sendRest(srv, ann, existing, 'once please');
    expect(await s.collectFor((f) => f.content === 'once please', 300)).toHaveLength(1);
    s.send({ type: 'unsubscribe', channel: `messages/${existing}` });
    await s.waitFor(isType('unsubscribed'));
    await sendRest(srv, ann, existing, 'still via star');
    await s.waitFor((f) => f.content === 'still via star');
    s.send({ type: 'unsubscribe', channel: 'messages/*' });
    await s.waitForCount(isType('unsubscribed'), 2);
    await sendRest(srv, ann, existing, 'gone');
    expect(await s.collectFor((f) => f.content === 'gone', 300)).toEqual([]);
    await s.close();
  });

  it('sends typing on a multiplexed socket to the other members only', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const a = await open(srv, ann, null);
    const b = await open(srv, ben, null);
    for (const s of [a, b]) {
      s.send({ type: 'subscribe', channel: 'messages/*' });
      await s.waitFor(isType('subscribed'));
    }
    a.send({ channel: `messages/${chatId}`, type: 'typing', is_typing: true });
    expect(await b.waitFor(isType('typing'))).toEqual({ type: 'typing', chat_id: chatId, user_id: ann.id, is_typing: true, channel: `messages/${chatId}` });
    expect(await a.collectFor(isType('typing'), 200)).toEqual([]);
    await closeAll([a, b]);
  });
});
