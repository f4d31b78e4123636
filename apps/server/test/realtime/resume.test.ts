import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, refusedUpgrade, wsUrl, type Frame, type TestSocket } from './client.js';
import { closeAll, newChat, open } from './fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;

beforeAll(async () => {
  // Resume tests write hundreds of messages quickly; the default limits would refuse them.
  srv = await startTestServer({
    rateLimits: { messagesPerSecond: 100_000, messageBurst: 100_000, typingPerSecond: 100, typingBurst: 100, restWritesPerSecond: 1000, restWriteBurst: 1000 },
  });
  [ann, ben] = (await Promise.all(['Ann', 'Ben'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
});
afterAll(async () => {
  await srv?.close();
});

/** Sends `n` messages on `s` and waits until they are all acknowledged; returns the last seq. */
async function fill(s: TestSocket, n: number, prefix: string): Promise<number> {
  for (let i = 0; i < n; i++) s.send({ type: 'message', content: `${prefix} ${i}` });
  const frames = await s.waitForCount((f) => f.type === 'new_message' && f.content.startsWith(`${prefix} `), n, 20_000);
  return Math.max(...frames.map((f) => f.seq as number));
}

function seqs(s: TestSocket, chatId: number): number[] {
  return s.frames.filter((f: Frame) => f.type === 'new_message' && f.chat_id === chatId).map((f) => f.seq as number);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('resume with after_seq', () => {
  it('replays every message after N in order, then goes live', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const writer = await open(srv, ann, `messages/${chatId}`);
    const last = await fill(writer, 450, 'history');
    expect(last).toBe(450);
    const reader = await open(srv, ben, `messages/${chatId}`, { after_seq: 100 });
    await reader.waitFor((f) => f.type === 'new_message' && f.seq === 450, 10_000);
    writer.send({ type: 'message', content: 'live one' });
    await reader.waitFor((f) => f.type === 'new_message' && f.content === 'live one');
    expect(seqs(reader, chatId)).toEqual(range(101, 451));
    // after_seq=0 replays everything; after_seq at the end replays nothing.
    const all = await open(srv, ben, `messages/${chatId}`, { after_seq: 0 });
    await all.waitForCount(isType('new_message'), 451, 10_000);
    const none = await open(srv, ben, `messages/${chatId}`, { after_seq: 451 });
    expect(await none.collectFor(isType('new_message'), 300)).toEqual([]);
    await closeAll([writer, reader, all, none]);
  });

  it('has no gap and no duplicate when messages are committed while the replay runs', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const writer = await open(srv, ann, `messages/${chatId}`);
    await fill(writer, 1000, 'before');
    // Start the resume and, at the same moment, a stream of live sends.
    const readerP = open(srv, ben, `messages/${chatId}`, { after_seq: 0 });
    for (let i = 0; i < 150; i++) writer.send({ type: 'message', content: `during ${i}` });
    const reader = await readerP;
    await reader.waitFor((f) => f.type === 'new_message' && f.seq === 1150, 20_000);
    // Past the settle window the socket is back on native delivery; still exactly once.
    await new Promise((r) => setTimeout(r, 1200));
    await fill(writer, 20, 'after');
    await reader.waitFor((f) => f.type === 'new_message' && f.seq === 1170, 10_000);
    expect(await reader.collectFor(isType('new_message'), 200)).toHaveLength(1170);
    expect(seqs(reader, chatId)).toEqual(range(1, 1170));
    await closeAll([writer, reader]);
  });

  it('resumes on the multiplexed endpoint with subscribe after_seq, also alongside messages/*', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const writer = await open(srv, ann, `messages/${chatId}`);
    await fill(writer, 30, 'mux');
    const mux = await open(srv, ben, null);
    mux.send({ type: 'subscribe', channel: 'messages/*' });
    await mux.waitFor((f) => f.type === 'subscribed' && f.channel === 'messages/*');
    mux.send({ type: 'subscribe', channel: `messages/${chatId}`, after_seq: 10 });
    for (let i = 0; i < 10; i++) writer.send({ type: 'message', content: `mux live ${i}` });
    await mux.waitFor((f) => f.type === 'new_message' && f.seq === 40, 10_000);
    await new Promise((r) => setTimeout(r, 1200));
    writer.send({ type: 'message', content: 'mux after settle' });
    await mux.waitFor((f) => f.content === 'mux after settle');
    const got = seqs(mux, chatId);
    // Live frames from messages/* may arrive before the subscribe; from 11 on, each exactly once.
    const fromResume = got.slice(got.indexOf(11));
    expect(fromResume).toEqual(range(11, 41));
    expect(new Set(got).size).toBe(got.length);
    const subscribedAt = mux.frames.findIndex((f) => f.type === 'subscribed' && f.channel === `messages/${chatId}`);
    expect(mux.frames.findIndex((f) => f.seq === 11)).toBeGreaterThan(subscribedAt);
    await closeAll([writer, mux]);
  });

  it('refuses after_seq that is not a number', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const res = await refusedUpgrade(wsUrl(srv.wsUrl, `/ws/messages/${chatId}`, { token: ben.token, after_seq: 'abc' }));
    expect(res.status).toBe(422);
  });
});
