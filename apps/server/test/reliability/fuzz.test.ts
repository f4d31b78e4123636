/**
 * Hostile input, SPEC §2–§3: thousands of random and malformed frames (seeded: set
 * PARLEY_FUZZ_SEED to replay a failure) on `/ws/messages/{id}` and `/ws`, oversized
 * frames, invalid UTF-8, and hostile REST requests, against a server child process.
 * The server must never crash, must answer every bad frame with a SPEC error code and
 * keep the socket open, and a bystander pair's chat must flow completely and in order.
 */
import { rm } from 'node:fs/promises';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '@parley/protocol';
import { cleanText } from '../../src/domain/text.js';
import { api, connectUsers, makeTempDir, registerUser, type ServerProcess, type TestUser } from '../harness.js';
import { makeCases, type FuzzCase, type FuzzTarget } from './fuzzFrames.js';
import { listAll, prng, range1, sleep, startServerProcess, stopServerProcess, waitUntil } from './helpers.js';
import { hostileRequests } from './hostileRest.js';

const SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20_261_129);
const CASES_PER_ENDPOINT = 1500;
const BYSTANDER_MESSAGES = 150;

let dataDir = '';
let proc: ServerProcess;
let fuzzer: TestUser, partner: TestUser, bx: TestUser, by: TestUser;
let chatA = 0, chatB = 0, chatC = 0;
const open: WebSocket[] = [];

beforeAll(async () => {
  dataDir = await makeTempDir('parley-fuzz-');
  proc = await startServerProcess(dataDir);
  [fuzzer, partner, bx, by] = await Promise.all(['Fuzzer', 'Partner', 'Bystander X', 'Bystander Y'].map((n) => registerUser(proc.url, n))) as [TestUser, TestUser, TestUser, TestUser];
  await connectUsers(proc.url, fuzzer, partner);
  await connectUsers(proc.url, bx, by);
  // Titled groups: two untitled chats of one pair would be the same 1:1 chat.
  const chat = async (owner: TestUser, other: TestUser, title: string) => (await api(proc.url, owner.token).post('/chats', { member_ids: [other.id], title })).body.id as number;
  chatA = await chat(fuzzer, partner, 'A');
  chatB = await chat(fuzzer, partner, 'B');
  chatC = await chat(bx, by, 'C');
});
afterAll(async () => {
  for (const ws of open) ws.terminate();
  if (proc) await stopServerProcess(proc);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A socket whose frames are read one at a time, plus how it closed. */
async function socket(path: string, token: string) {
  const ws = new WebSocket(`${proc.url.replace('http', 'ws')}${path}${path.includes('?') ? '&' : '?'}token=${token}`);
  open.push(ws);
  const inbox: Record<string, any>[] = [];
  let wake: (() => void) | null = null;
  let closeCode: number | null = null;
  ws.on('message', (d) => {
    inbox.push(JSON.parse(d.toString()) as Record<string, any>);
    wake?.();
  });
  ws.on('error', () => undefined);
  ws.on('close', (code) => {
    closeCode = code;
    wake?.();
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    closeCode: () => closeCode,
    /** The next frame, or null if the socket closed or `ms` passed first. */
    async next(ms = 5000): Promise<Record<string, any> | null> {
      const deadline = Date.now() + ms;
      while (inbox.length === 0 && closeCode === null && Date.now() < deadline) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      return inbox.shift() ?? null;
    },
    async closed(ms = 5000): Promise<number | null> {
      await waitUntil(() => closeCode !== null, ms, 'the socket to close').catch(() => undefined);
      return closeCode;
    },
  };
}

const kindOf = (f: Record<string, any>) => (f.type === 'error' ? `error:${f.code}` : String(f.type));

/** Sends each case and checks its one reply; returns readable failures (seed + index). */
async function runCases(path: string, target: FuzzTarget, cases: FuzzCase[], seed: number): Promise<string[]> {
  const s = await socket(path, fuzzer.token);
  const failures: string[] = [];
  for (const [i, c] of cases.entries()) {
    const where = `seed ${seed} case ${i} (${c.label})`;
    s.ws.send(c.data, { binary: c.binary === true });
    const reply = await s.next();
    if (!reply) {
      failures.push(`${where}: no reply; socket ${s.closeCode() === null ? 'open' : `closed ${s.closeCode()}`}`);
      break;
    }
    const kind = kindOf(reply);
    if (!c.expect.includes(kind)) failures.push(`${where}: got ${JSON.stringify(reply).slice(0, 200)}, expected ${c.expect.join('|')}`);
    if (reply.type === 'error' && typeof reply.message !== 'string') failures.push(`${where}: error without message`);
    if (JSON.stringify(reply).includes('polluted')) failures.push(`${where}: reply carries a polluted key`);
    if (reply.type === 'new_message') {
      if (reply.chat_id !== target.chatId) failures.push(`${where}: stored in chat ${reply.chat_id}`);
      if (reply.client_id !== c.clientId || reply.content !== cleanText(c.content ?? '')) failures.push(`${where}: content changed to ${JSON.stringify(reply.content).slice(0, 120)}`);
    }
  }
  if (s.ws.readyState !== WebSocket.OPEN) failures.push(`${path}: socket closed (${s.closeCode()}) by frames that should not close it`);
  s.ws.close();
  return failures;
}

/** Bystanders X and Y talk in chat C while the fuzzing runs; each must see all of it in order. */
async function bystanderTraffic(): Promise<{ seqs: number[][]; contents: string[][] }> {
  const sx = await socket(`/ws/messages/${chatC}`, bx.token);
  const sy = await socket(`/ws/messages/${chatC}`, by.token);
  const seqs: number[][] = [[], []];
  const contents: string[][] = [[], []];
  sx.ws.on('message', (d) => record(0, d.toString()));
  sy.ws.on('message', (d) => record(1, d.toString()));
  function record(who: number, text: string) {
    const f = JSON.parse(text) as { type: string; seq: number; content: string };
    if (f.type === 'new_message') {
      seqs[who]!.push(f.seq);
      contents[who]!.push(f.content);
    }
  }
  // ~20 messages a second in total: under each user's rate limit.
  for (let k = 0; k < BYSTANDER_MESSAGES * 2; k++) {
    (k % 2 ? sy : sx).ws.send(JSON.stringify({ type: 'message', content: `bystander ${k}`, client_id: `by-${k}` }));
    await sleep(50);
  }
  await waitUntil(() => seqs.every((s) => s.length >= BYSTANDER_MESSAGES * 2), 20_000, 'bystanders to receive their chat');
  sx.ws.close();
  sy.ws.close();
  return { seqs, contents };
}

describe('fuzzing', () => {
  it('answers thousands of malformed frames on both endpoints with SPEC codes, never crashing, while bystanders chat undisturbed', { timeout: 120_000 }, async () => {
    const rand = prng(SEED);
    const channelCases = makeCases(rand, { endpoint: 'channel', chatId: chatA, foreignChatId: chatC }, CASES_PER_ENDPOINT, 'fz-a');
    const muxCases = makeCases(rand, { endpoint: 'multiplexed', chatId: chatB, foreignChatId: chatC }, CASES_PER_ENDPOINT, 'fz-b');
    const [bystanders, channelFailures, muxFailures] = await Promise.all([
      bystanderTraffic(),
      runCases(`/ws/messages/${chatA}`, { endpoint: 'channel', chatId: chatA, foreignChatId: chatC }, channelCases, SEED),
      runCases('/ws', { endpoint: 'multiplexed', chatId: chatB, foreignChatId: chatC }, muxCases, SEED),
    ]);
    expect(channelFailures).toEqual([]);
    expect(muxFailures).toEqual([]);
    const total = BYSTANDER_MESSAGES * 2;
    const expected = range1(total).map((k) => `bystander ${k - 1}`);
    for (const who of [0, 1]) {
      expect(bystanders.seqs[who]).toEqual(range1(total));
      expect(bystanders.contents[who]).toEqual(expected);
    }
    // Nothing from the fuzzer reached the bystanders' chat.
    const stored = await listAll(proc.url, bx.token, chatC);
    expect(stored.map((m) => m.content)).toEqual(expected);
    expect(proc.child.exitCode).toBeNull();
    expect((await api(proc.url).get('/healthz')).body).toEqual({ status: 'ok' });
  });

  it('closes a socket only for frames over the size limit (1009) or invalid UTF-8, and keeps serving', { timeout: 60_000 }, async () => {
    for (const path of [`/ws/messages/${chatA}`, '/ws']) {
      // Just under 64 KiB: an answer, not a close.
      const near = await socket(path, fuzzer.token);
      near.ws.send(JSON.stringify({ type: 'message', channel: `messages/${chatA}`, content: 'z'.repeat(64 * 1024 - 100) }));
      expect(kindOf((await near.next())!)).toBe('error:too_long');
      // Just over: 1009.
      near.ws.send(JSON.stringify({ type: 'ping', pad: 'z'.repeat(64 * 1024) }));
      expect(await near.closed()).toBe(CLOSE_CODES.messageTooBig);
      // Far over (8 MiB): cut off without buffering it all; the server stays up.
      const huge = await socket(path, fuzzer.token);
      huge.ws.send(Buffer.alloc(8 * 1024 * 1024, 0x20), { binary: false });
      expect(await huge.closed(15_000)).not.toBeNull();
      // Invalid UTF-8 in a text frame: RFC 6455 requires failing the connection. uWS 20.30
      // drops it without a close frame (1006) rather than sending 1007.
      const utf = await socket(path, fuzzer.token);
      utf.ws.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0x22, 0x7d]), { binary: false });
      expect([1006, 1007]).toContain(await utf.closed());
      // Still serving on the same endpoint.
      const after = await socket(path, fuzzer.token);
      after.ws.send('{"type":"ping"}');
      expect(kindOf((await after.next())!)).toBe('pong');
      after.ws.close();
    }
    expect(proc.child.exitCode).toBeNull();
  });

  it('answers hostile REST requests with JSON 4xx errors and keeps serving', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    for (const r of hostileRequests({ token: fuzzer.token, foreignChatId: chatC, ownChatId: chatA })) {
      const res = await fetch(proc.url + r.path, { method: r.method, headers: r.headers, body: r.body }).catch((e: Error) => e);
      if (res instanceof Error) {
        failures.push(`${r.label}: ${res.message}`);
        continue;
      }
      const text = await res.text();
      let body: any = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Reported below.
      }
      const ok = res.status >= 400 && res.status < 500 && typeof body?.error?.code === 'string' && typeof body.error.message === 'string';
      if (!ok) failures.push(`${r.label}: ${res.status} ${text.slice(0, 200)}`);
      else if (r.status && res.status !== r.status) failures.push(`${r.label}: expected ${r.status}, got ${res.status} ${text.slice(0, 200)}`);
      if (text.includes('polluted') || text.includes('password')) failures.push(`${r.label}: response leaks ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(proc.child.exitCode).toBeNull();
    expect((await api(proc.url).get('/healthz')).status).toBe(200);
  });

  it('still delivers live messages to a socket that subscribed with an after_seq beyond the last seq', async () => {
    // A stale or bogus cursor must not make the server swallow live messages.
    const s = await socket('/ws', partner.token);
    s.ws.send(JSON.stringify({ type: 'subscribe', channel: `messages/${chatB}`, after_seq: 1e9 }));
    expect(kindOf((await s.next())!)).toBe('subscribed');
    const sent = await api(proc.url, fuzzer.token).post(`/chats/${chatB}/messages`, { content: 'after a bogus cursor' });
    expect(sent.status).toBe(201);
    expect(await s.next(3000)).toMatchObject({ type: 'new_message', seq: sent.body.seq, content: 'after a bogus cursor' });
    s.ws.close();
  });

  it('stores markup as text: <script> round-trips verbatim over REST and WebSocket', async () => {
    const content = `<script>alert("x")</script><img src=x onerror=alert(1)> &amp; \u202Eevil`;
    const rest = await api(proc.url, fuzzer.token).post(`/chats/${chatA}/messages`, { content });
    expect(rest.status).toBe(201);
    expect(rest.body.content).toBe(content);
    const s = await socket(`/ws/messages/${chatA}`, partner.token);
    s.ws.send(JSON.stringify({ type: 'message', content }));
    const live = await s.next();
    expect(live).toMatchObject({ type: 'new_message', content });
    const listed = await fetch(`${proc.url}/chats/${chatA}/messages?after_seq=${rest.body.seq - 1}`, { headers: { authorization: `Bearer ${fuzzer.token}` } });
    expect(listed.headers.get('content-type')).toMatch(/^application\/json/);
    const msgs = (await listed.json()) as { content: string }[];
    expect(msgs.slice(0, 2).map((m) => m.content)).toEqual([content, content]);
    s.ws.close();
  });
});
