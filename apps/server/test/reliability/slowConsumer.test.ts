/**
 * SPEC §3 slow consumers: sockets that stop reading while a chat floods must not grow
 * server memory without bound; they are closed with the "reconnect" code and, resuming
 * with after_seq, get everything in order. A healthy member in the same chat is not
 * affected. The server is a child process so its resident memory can be read.
 */
import { rm } from 'node:fs/promises';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@parley/protocol';
import { loadConfig } from '../../src/config.js';
import { api, connectUsers, makeTempDir, registerUser, type ServerProcess, type TestUser } from '../harness.js';
import { range1, rssBytes, sleep, startServerProcess, stopServerProcess, waitUntil } from './helpers.js';

const FLOODERS = 8;
/** Close to 4,000 code points of 4 UTF-8 bytes (the most content allowed): ~16 KB per frame. */
const BIG = '\u{1F600}'.repeat(3980);
const MESSAGES = 2000;
const SLOW_SOCKETS = 6;
const MiB = 1024 * 1024;

let dataDir = '';
let proc: ServerProcess | null = null;
const sockets: WebSocket[] = [];

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  if (proc) await stopServerProcess(proc);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Reader {
  ws: WebSocket;
  seqs: number[];
  closed: Promise<number>;
}

function openReader(base: string, user: TestUser, chatId: number, afterSeq?: number): Promise<Reader> {
  const q = afterSeq === undefined ? '' : `&after_seq=${afterSeq}`;
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/messages/${chatId}?token=${user.token}${q}`);
  sockets.push(ws);
  const seqs: number[] = [];
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as { type: string; seq: number };
    if (f.type === 'new_message') seqs.push(f.seq);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, seqs, closed }));
    ws.once('error', reject);
  });
}

async function slowConsumerCloses(base: string): Promise<number> {
  const text = (await api(base).get<string>('/metrics')).body;
  const m = /parley_server_closes_total\{reason="slow_consumer"\} (\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

describe('slow consumers', () => {
  it('are closed with the reconnect code, keep server memory bounded, and resume without gaps; others are unaffected', { timeout: 90_000 }, async () => {
    dataDir = await makeTempDir('parley-slow-');
    const { maxBackpressureBytes } = loadConfig(['--data-dir', dataDir], {});
    proc = await startServerProcess(dataDir);
    const base = proc.url;
    const owner = await registerUser(base, 'Owner');
    const healthy = await registerUser(base, 'Healthy');
    const slow = await registerUser(base, 'Slow');
    const flooders: TestUser[] = [];
    for (let i = 0; i < FLOODERS; i++) flooders.push(await registerUser(base, `Flood ${i}`));
    for (const u of [healthy, slow, ...flooders]) await connectUsers(base, owner, u);
    const chat = await api(base, owner.token).post('/chats', { member_ids: [healthy.id, slow.id, ...flooders.map((f) => f.id)] });
    expect(chat.status).toBe(201);
    const chatId = chat.body.id as number;

    const good = await openReader(base, healthy, chatId);
    const slowReaders: Reader[] = [];
    for (let i = 0; i < SLOW_SOCKETS; i++) slowReaders.push(await openReader(base, slow, chatId));
    // Stop reading: the kernel buffers fill, then the server's per-socket buffer.
    for (const r of slowReaders) (r.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await sleep(500);
    const rssBefore = rssBytes(proc.child.pid!);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssBytes(proc!.child.pid!));
    }, 50);

    // The stalled readers resume as soon as the server has closed them all, while the flood
    // goes on: after end(), uWS waits only its ping timeout (16 s at most) for a peer to read
    // the backlog and answer the close before dropping it as 1006, and on a busy machine the
    // rest of the flood can take that long.
    const allSlowClosed = waitUntil(async () => (await slowConsumerCloses(base)) >= SLOW_SOCKETS, 60_000, 'every slow socket to be closed by the server', 100).then(() => {
      for (const r of slowReaders) (r.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    });

    // Flood over REST, each flooder paced under its rate limit (burst, then ~25/s).
    const perFlooder = MESSAGES / FLOODERS;
    await Promise.all(
      flooders.map(async (f, i) => {
        for (let k = 0; k < perFlooder; k++) {
          // Bounded: each attempt either stores the message or waits out a 429.
          for (let attempt = 0; ; attempt++) {
            const res = await api(base, f.token).post(`/chats/${chatId}/messages`, { content: `${i}/${k} ${BIG}` });
            if (res.status === 201) break;
            expect(res.status, JSON.stringify(res.body)).toBe(429);
            expect(attempt).toBeLessThan(200);
            await sleep(100);
          }
          if (k >= 90) await sleep(40);
        }
      }),
    );
    await waitUntil(() => good.seqs.length >= MESSAGES, 30_000, 'the healthy reader to get the whole flood');
    await allSlowClosed;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssBytes(proc.child.pid!));

    // Each slow socket may hold at most twice the limit (uWS's hard cap) while it waits;
    // 128 MiB is slack for what the flood costs anyway (~70 MiB measured: request bodies,
    // garbage, SQLite pages). Without the limit each slow socket would hold most of the
    // ~32 MB flood, ~190 MiB more, and the bound would be crossed.
    const bound = SLOW_SOCKETS * 2 * maxBackpressureBytes + 128 * MiB;
    console.info(`slow consumers: server RSS ${(rssBefore / MiB).toFixed(1)} → peak ${(rssPeak / MiB).toFixed(1)} MiB (bound +${bound / MiB} MiB) for ${MESSAGES} × ~16 KB frames to ${SLOW_SOCKETS} stalled sockets`);
    expect(rssPeak - rssBefore, `RSS grew from ${rssBefore / MiB} MiB to ${rssPeak / MiB} MiB`).toBeLessThan(bound);

    // The healthy member got everything, in order, and stayed connected.
    expect(good.seqs).toEqual(range1(MESSAGES));
    expect(good.ws.readyState).toBe(WebSocket.OPEN);

    // Slow sockets, reading again, find a gap-free prefix and then the reconnect close code.
    const codes = await Promise.all(slowReaders.map((r) => r.closed));
    expect(codes).toEqual(slowReaders.map(() => CLOSE_CODES.slowConsumer));
    for (const r of slowReaders) {
      expect(r.seqs.length).toBeLessThan(MESSAGES);
      expect(r.seqs).toEqual(range1(r.seqs.length));
      // Resume where it stopped: the rest, in order, once.
      const again = await openReader(base, slow, chatId, r.seqs.length);
      let closeCode = 0;
      void again.closed.then((c) => (closeCode = c));
      await waitUntil(() => again.seqs.length >= MESSAGES - r.seqs.length || closeCode !== 0, 30_000, 'the resumed socket to catch up');
      expect({ closeCode, received: again.seqs.length }).toEqual({ closeCode: 0, received: MESSAGES - r.seqs.length });
      await sleep(100);
      expect(r.seqs.concat(again.seqs)).toEqual(range1(MESSAGES));
      again.ws.close();
    }
    good.ws.close();
  });
});
