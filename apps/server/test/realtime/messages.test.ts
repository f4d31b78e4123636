import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUsers, registerTrio, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, type Frame } from './client.js';
import { closeAll, newChat, open, sendRest } from './fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
let chatId: number;

beforeAll(async () => {
  srv = await startTestServer();
  ({ ann, ben, cat } = await registerTrio(srv.url));
  chatId = await newChat(srv, ann, [ben]);
});
afterAll(async () => {
  await srv?.close();
});

const newMessage = (content: string) => (f: Frame) => f.type === 'new_message' && f.content === content;

describe('messages/{chat_id}', () => {
  it('delivers new_message with seq to every socket of every member, the sender included', async () => {
    const annA = await open(srv, ann, `messages/${chatId}`);
    const annB = await open(srv, ann, `messages/${chatId}`);
    const annMux = await open(srv, ann, null);
    annMux.send({ type: 'subscribe', channel: `messages/${chatId}` });
    await annMux.waitFor(isType('subscribed'));
    const benA = await open(srv, ben, `messages/${chatId}`);
    const outsider = await open(srv, cat, 'feed');

    annA.send({ type: 'message', content: 'Hello!', client_id: 'c-hello-1' });
    const frames = await Promise.all([annA, annB, annMux, benA].map((s) => s.waitFor(newMessage('Hello!'))));
    for (const f of frames) {
      expect(f).toMatchObject({
        type: 'new_message',
        chat_id: chatId,
        sender_id: ann.id,
        content: 'Hello!',
        attachment: null,
        client_id: 'c-hello-1',
        channel: `messages/${chatId}`,
      });
      expect(f.seq).toBeGreaterThanOrEqual(1);
      expect(f.message_id).toEqual(frames[0]!.message_id);
      expect(f.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    // A second message gets the next seq, everywhere.
    benA.send({ type: 'message', content: 'Hi Ann' });
    const second = await annB.waitFor(newMessage('Hi Ann'));
    expect(second.seq).toBe(frames[0]!.seq + 1);
    expect(outsider.frames.filter(isType('new_message'))).toEqual([]);
    await closeAll([annA, annB, annMux, benA, outsider]);
  });

  it('delivers REST sends on the socket too', async () => {
    const benA = await open(srv, ben, `messages/${chatId}`);
    const body = await sendRest(srv, ann, chatId, 'via rest');
    const f = await benA.waitFor(newMessage('via rest'));
    expect(f).toMatchObject({ message_id: body.id, seq: body.seq });
    await benA.close();
  });

  it('answers a resend with a known client_id with the original message, delivered once', async () => {
    const annA = await open(srv, ann, `messages/${chatId}`);
    const benA = await open(srv, ben, `messages/${chatId}`);
    annA.send({ type: 'message', content: 'once', client_id: 'idem-1' });
    const first = await annA.waitFor(newMessage('once'));
    annA.send({ type: 'message', content: 'once', client_id: 'idem-1' });
    const both = await annA.waitForCount(newMessage('once'), 2);
    expect(both[1]).toMatchObject({ message_id: first.message_id, seq: first.seq });
    // Ben saw it once: the resend stored and published nothing.
    expect(await benA.collectFor(newMessage('once'), 300)).toHaveLength(1);
    await closeAll([annA, benA]);
  });

  it('sends typing to the other members only', async () => {
    const annA = await open(srv, ann, `messages/${chatId}`);
    const annB = await open(srv, ann, `messages/${chatId}`);
    const benA = await open(srv, ben, `messages/${chatId}`);
    annA.send({ type: 'typing', is_typing: true });
    const t = await benA.waitFor(isType('typing'));
    expect(t).toEqual({ type: 'typing', chat_id: chatId, user_id: ann.id, is_typing: true, channel: `messages/${chatId}` });
    // Ann's sockets (the sender and her other device) hear nothing.
    expect(await annA.collectFor(isType('typing'), 300)).toEqual([]);
    expect(annB.frames.filter(isType('typing'))).toEqual([]);
    await closeAll([annA, annB, benA]);
  });
});

describe('frames that fail', () => {
  it('answers bad frames with the right code and keeps the socket open', async () => {
    const s = await open(srv, ann, `messages/${chatId}`);
    const cases: [string | Frame, string][] = [
      ['{nope', 'bad_json'],
      ['[1,2]', 'invalid'],
      [{ type: 'shout' }, 'unknown_type'],
      [{ content: 'no type' }, 'unknown_type'],
      [{ type: 'message', content: 5 }, 'invalid'],
      [{ type: 'typing', is_typing: 'yes' }, 'invalid'],
      [{ type: 'message', content: 'x'.repeat(4001) }, 'too_long'],
      [{ type: 'message', content: '😀'.repeat(4001) }, 'too_long'],
      [{ type: 'message', content: '   ' }, 'invalid'],
      [{ type: 'subscribe', channel: 'feed' }, 'unknown_type'],
    ];
    for (const [frame, code] of cases) {
      const before = s.frames.length;
      s.send(frame);
      const err = await s.waitFor((f) => f.type === 'error' && s.frames.indexOf(f) >= before, 3000, `error for ${String(JSON.stringify(frame)).slice(0, 40)}`);
      expect(err, JSON.stringify(frame).slice(0, 60)).toMatchObject({ type: 'error', code, message: expect.any(String) });
    }
    // Exactly 4,000 characters is fine.
    s.send({ type: 'message', content: 'y'.repeat(4000) });
    await s.waitFor((f) => f.type === 'new_message' && f.content.length === 4000);
    // Binary frames are refused the same way.
    s.ws.send(Buffer.from([1, 2, 3]));
    await s.waitFor((f) => f.type === 'error' && /binary/.test(f.message));
    s.send({ type: 'ping' });
    await s.waitFor(isType('pong'));
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    await s.close();
  });

  it('echoes client_id on an error for the frame that carried it', async () => {
    const s = await open(srv, ann, `messages/${chatId}`);
    s.send({ type: 'message', content: 'z'.repeat(5000), client_id: 'too-long-1' });
    expect(await s.waitFor(isType('error'))).toMatchObject({ code: 'too_long', client_id: 'too-long-1' });
    s.send({ type: 'message', content: 5, client_id: 'bad-1' });
    expect(await s.waitFor((f) => f.type === 'error' && f.client_id === 'bad-1')).toMatchObject({ code: 'invalid' });
    await s.close();
  });

  it('closes the socket with 1009 for a frame over the maximum frame size, and only then', async () => {
    const s = await open(srv, ann, `messages/${chatId}`);
    s.send(JSON.stringify({ type: 'message', content: 'x'.repeat(64 * 1024) }));
    expect((await s.closed).code).toBe(1009);
    const t = await open(srv, ann, 'feed');
    t.send('x'.repeat(64 * 1024 + 1));
    expect((await t.closed).code).toBe(1009);
    const big = await open(srv, ann, null);
    big.send(JSON.stringify({ type: 'message', channel: `messages/${chatId}`, content: 'x'.repeat(2 * 1024 * 1024) }));
    expect((await big.closed).code).toBe(1009);
    // Just under the limit: an error frame (too_long), not a close.
    const u = await open(srv, ann, `messages/${chatId}`);
    u.send(JSON.stringify({ type: 'message', content: 'x'.repeat(60 * 1024) }));
    expect(await u.waitFor(isType('error'))).toMatchObject({ code: 'too_long' });
    await u.close();
  });

  it('answers ping with pong on every channel and endpoint', async () => {
    for (const channel of [`messages/${chatId}`, 'connections', 'notifications', 'feed', 'online', null]) {
      const s = await open(srv, ann, channel);
      s.send({ type: 'ping' });
      const pong = await s.waitFor(isType('pong'));
      expect(pong.type).toBe('pong');
      await s.close();
    }
  });

  it('refuses message frames on channels that carry none', async () => {
    const s = await open(srv, ann, 'feed');
    s.send({ type: 'message', content: 'hello feed' });
    expect(await s.waitFor(isType('error'))).toMatchObject({ code: 'invalid', channel: 'feed' });
    await s.close();
  });
});

describe('rate limits', () => {
  it('answers rate_limited with retry_after_ms past the burst, never dropping silently', async () => {
    const local = await startTestServer({ rateLimits: { ...srv.config.rateLimits, messagesPerSecond: 1, messageBurst: 3 } });
    try {
      const [a, b] = (await Promise.all(['A', 'B'].map((n) => registerUser(local.url, n)))) as [TestUser, TestUser];
      await connectUsers(local.url, a, b);
      const chat = await newChat(local, a, [b]);
      const s = await open(local, a, `messages/${chat}`);
      for (let i = 0; i < 5; i++) s.send({ type: 'message', content: `burst ${i}`, client_id: `burst-${i}` });
      const limited = await s.waitForCount((f) => f.type === 'error' && f.code === 'rate_limited', 2);
      for (const f of limited) expect(f.retry_after_ms).toBeGreaterThan(0);
      const ok = await s.waitForCount(isType('new_message'), 3);
      // Every frame got an answer: 3 stored, 2 refused, each refusal naming its client_id.
      expect(ok.map((f) => f.client_id)).toEqual(['burst-0', 'burst-1', 'burst-2']);
      expect(limited.map((f) => f.client_id)).toEqual(['burst-3', 'burst-4']);
      await s.close();
    } finally {
      await local.close();
    }
  });
});
