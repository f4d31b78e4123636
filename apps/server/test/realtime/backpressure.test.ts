import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType, type TestSocket } from './client.js';
import { closeAll, newChat, open } from './fixtures.js';

const LIMIT = 256 * 1024;
let srv: TestServer;
let ann: TestUser;
let ben: TestUser;

beforeAll(async () => {
  srv = await startTestServer({
    maxBackpressureBytes: LIMIT,
    idleTimeoutSeconds: 8,
    presenceGraceMs: 200,
    rateLimits: { messagesPerSecond: 100_000, messageBurst: 100_000, typingPerSecond: 100, typingBurst: 100, restWritesPerSecond: 1000, restWriteBurst: 1000 },
  });
  [ann, ben] = (await Promise.all(['Ann', 'Ben'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
});
afterAll(async () => {
  await srv?.close();
});

/** The TCP socket under a `ws` client; pausing it makes the client stop reading, like a stuck peer. */
function tcp(s: TestSocket): Socket {
  return (s.ws as unknown as { _socket: Socket })._socket;
}

async function slowConsumerCloses(server: TestServer): Promise<number> {
  const text = await fetch(`${server.url}/metrics`).then((r) => r.text());
  const m = /parley_server_closes_total\{reason="slow_consumer"\} (\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface StalledPair {
  server: TestServer;
  chatId: number;
  /** The reader's user, to open the chat again. */
  readerUser: TestUser;
  writer: TestSocket;
  /** Its TCP socket is paused: it has stopped reading. */
  reader: TestSocket;
}

/**
 * A server of its own at the default idle timeout (after end() uWS gives the peer its ping
 * timeout, 16 s at the default 60 s but only 4 s on a 4 s tick at the 8 s the heartbeat
 * test needs, to read the backlog and answer the close before dropping it as 1006), with
 * a writer and a stalled reader on one chat.
 */
async function withStalledReader(maxBackpressureBytes: number, run: (pair: StalledPair) => Promise<void>): Promise<void> {
  const server = await startTestServer({ maxBackpressureBytes, rateLimits: srv.config.rateLimits });
  try {
    const [a, b] = (await Promise.all(['A', 'B'].map((n) => registerUser(server.url, n)))) as [TestUser, TestUser];
    await connectUsers(server.url, a, b);
    const chatId = await newChat(server, a, [b]);
    const writer = await open(server, a, `messages/${chatId}`);
    const reader = await open(server, b, `messages/${chatId}`);
    tcp(reader).pause();
    await run({ server, chatId, readerUser: b, writer, reader });
  } finally {
    await server.close();
  }
}

describe('slow consumers', () => {
  it('closes a reader that stops reading with 4001 "reconnect", and it resumes with after_seq without a gap', async () => {
    await withStalledReader(LIMIT, async ({ server, chatId, readerUser, writer, reader }) => {
      const closesBefore = await slowConsumerCloses(server);
      // Far more than the kernel's socket buffers plus the limit, in bounded batches; the
      // reader resumes as soon as the server has closed it, not after the batch's echoes.
      const body = 'x'.repeat(3900);
      let sent = 0;
      let closes = closesBefore;
      for (let batch = 0; batch < 40 && closes === closesBefore; batch++) {
        for (let i = 0; i < 100; i++) writer.send({ type: 'message', content: `${sent++} ${body}` });
        const echoed = writer.waitForCount(isType('new_message'), sent, 20_000).then(() => true);
        while (closes === closesBefore && !(await Promise.race([echoed, sleep(20).then(() => false)]))) {
          closes = await slowConsumerCloses(server);
        }
        closes = await slowConsumerCloses(server);
      }
      expect(closes).toBe(closesBefore + 1);
      tcp(reader).resume();
      const closed = await reader.closed;
      expect(closed).toEqual({ code: 4001, reason: 'reconnect' });
      // The writer, reading normally, was never cut off.
      await writer.waitForCount(isType('new_message'), sent, 20_000);
      expect(writer.ws.readyState).toBe(writer.ws.OPEN);

      const seen = reader.frames.filter(isType('new_message')).map((f) => f.seq as number);
      const lastSeen = seen.length ? Math.max(...seen) : 0;
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i + 1));
      const again = await open(server, readerUser, `messages/${chatId}`, { after_seq: lastSeen });
      const rest = await again.waitForCount(isType('new_message'), sent - lastSeen, 20_000);
      expect(rest.map((f) => f.seq)).toEqual(Array.from({ length: sent - lastSeen }, (_, i) => lastSeen + i + 1));
      await closeAll([writer, again]);
    });
  });
});

describe('shedding', () => {
  it('sheds typing for a socket that is behind, while every message still arrives', async () => {
    // A generous hard limit, so the reader falls behind without being closed.
    await withStalledReader(64 * 1024 * 1024, async ({ writer, reader }) => {
      // About 8 MB: more than loopback socket buffers hold, so the server buffers the rest.
      const body = 'x'.repeat(3900);
      for (let batch = 0; batch < 20; batch++) {
        for (let i = 0; i < 100; i++) writer.send({ type: 'message', content: `${batch * 100 + i} ${body}` });
        await writer.waitForCount(isType('new_message'), (batch + 1) * 100, 20_000);
      }
      writer.send({ type: 'typing', is_typing: true });
      writer.send({ type: 'message', content: 'marker' });
      await writer.waitFor((f) => f.content === 'marker');
      tcp(reader).resume();
      await reader.waitFor((f) => f.content === 'marker', 20_000);
      expect(reader.frames.filter(isType('new_message'))).toHaveLength(2001);
      expect(reader.frames.filter(isType('typing'))).toEqual([]);
      // Caught up, it gets typing again.
      writer.send({ type: 'typing', is_typing: false });
      expect(await reader.waitFor(isType('typing'))).toMatchObject({ is_typing: false });
      await closeAll([writer, reader]);
    });
  });
});

describe('heartbeat', () => {
  it('detects a peer that vanished without a close frame and announces it offline, but keeps idle healthy peers', async () => {
    // A healthy client that never sends anything: it only answers the server's pings.
    const healthy = await open(srv, ann, 'feed');
    const openedAt = Date.now();
    const ghost = await open(srv, ben, 'feed');
    const watcher = await open(srv, ann, 'online');
    expect(await watcher.waitFor(isType('online_users'))).toMatchObject({ users: [{ user_id: ben.id }] });
    // Stop reading: the server's pings go unanswered, as with a laptop lid shut.
    tcp(ghost).pause();
    const started = Date.now();
    await watcher.waitFor((f) => f.type === 'user_offline' && f.user_id === ben.id, 25_000);
    // idleTimeout 8 s (uWS rounds to its 4 s timer) plus the 200 ms grace.
    expect(Date.now() - started).toBeLessThan(20_000);
    tcp(ghost).resume();
    ghost.ws.terminate();
    // Well past twice the idle timeout, the healthy socket is still open.
    await new Promise((r) => setTimeout(r, Math.max(0, 18_000 - (Date.now() - openedAt))));
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    healthy.send({ type: 'ping' });
    await healthy.waitFor(isType('pong'));
    await closeAll([watcher, healthy]);
  }, 40_000);
});
