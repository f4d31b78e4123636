/**
 * Hostile: a client that never reads re-subscribes to a long chat with `after_seq=0` over
 * and over. Each replay reads a page of rows; a replay parked waiting for the socket to
 * drain used to keep its page until a drain that never came, so every re-subscribe pinned
 * another page (here ~3 MB each). Now a new subscribe cancels the previous replay at once,
 * and subscribing itself is rate-limited per socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_DEFAULTS } from '../../src/limitsConfig.js';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType } from './client.js';
import { newChat, open } from './fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;

beforeAll(async () => {
  srv = await startTestServer({
    rateLimits: { messagesPerSecond: 100_000, messageBurst: 100_000, typingPerSecond: 100, typingBurst: 100, restWritesPerSecond: 1000, restWriteBurst: 1000 },
    resourceLimits: { ...LIMIT_DEFAULTS, subscribesPerSecond: 10, subscribeBurst: 50 },
  });
  [ann, ben] = (await Promise.all(['Ann', 'Ben'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
});
afterAll(async () => {
  await srv?.close();
});

async function metric(name: string): Promise<number> {
  const text = (await api(srv.url).get('/metrics')).body as string;
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('re-subscribe flood', () => {
  it('cancels the previous replay of the chat, so parked replays do not pile up', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const writer = await open(srv, ann, `messages/${chatId}`);
    // 16 KB per message (4,000 four-byte characters): ~5 MB of history, more than the
    // loopback socket buffers absorb, so the replay parks waiting for a drain.
    const big = '😀'.repeat(4000);
    for (let i = 0; i < 320; i++) writer.send({ type: 'message', content: big, client_id: `big-${i}` });
    await writer.waitForCount(isType('new_message'), 320, 30_000);
    await writer.close();

    const startedBefore = await metric('parley_replays_total{outcome="started"}');
    const cancelledBefore = await metric('parley_replays_total{outcome="cancelled"}');
    const hog = await open(srv, ben, null);
    (hog.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 40; i++) hog.send({ type: 'subscribe', channel: `messages/${chatId}`, after_seq: 0 });
    await expect.poll(() => metric('parley_replays_total{outcome="started"}'), { timeout: 10_000 }).toBe(startedBefore + 40);
    // Every replay but the last was cancelled and has returned, releasing its rows.
    await expect.poll(() => metric('parley_replays_total{outcome="cancelled"}'), { timeout: 5000 }).toBeGreaterThanOrEqual(cancelledBefore + 39);
    await expect.poll(() => metric('parley_replays_running'), { timeout: 5000 }).toBeLessThanOrEqual(1);
    hog.ws.terminate();
  });

  it('answers subscribes past the per-socket burst with rate_limited on that channel', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const s = await open(srv, ben, null);
    for (let i = 0; i < 70; i++) s.send({ type: 'subscribe', channel: `messages/${chatId}`, after_seq: 0 });
    const limited = await s.waitFor((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(limited).toMatchObject({ channel: `messages/${chatId}`, retry_after_ms: expect.any(Number) });
    const refused = s.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited').length;
    expect(refused).toBeGreaterThanOrEqual(10);
    // The socket stays usable: after a pause subscribing works again.
    await new Promise((r) => setTimeout(r, 300));
    s.send({ type: 'subscribe', channel: 'feed' });
    await s.waitFor((f) => f.type === 'subscribed' && f.channel === 'feed');
    await s.close();
  });

  it('refuses names that are no channel with invalid, without spending the subscribe rate', async () => {
    const chatId = await newChat(srv, ann, [ben]);
    const s = await open(srv, ben, null);
    for (let i = 0; i < 70; i++) s.send({ type: 'subscribe', channel: `messages/${i % 2 ? '-1' : 'abc'}` });
    s.send({ type: 'subscribe', channel: `messages/${chatId}` });
    await s.waitFor((f) => f.type === 'subscribed' && f.channel === `messages/${chatId}`);
    const errors = s.frames.filter((f) => f.type === 'error');
    expect(errors).toHaveLength(70);
    expect(errors.every((f) => f.code === 'invalid')).toBe(true);
    await s.close();
  });
});
