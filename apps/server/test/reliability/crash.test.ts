/**
 * SPEC §3 "durably committed before anyone sees new_message", gap-free seq and
 * idempotent client_id, across a crash: 20 clients send 5,000 messages (WebSocket on
 * both endpoints, some over REST) into pair and group chats; the server process is
 * SIGKILLed mid-stream and restarted on the same data directory; clients reconnect,
 * resume with after_seq and resend everything unacknowledged with the same client_id.
 */
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { api, connectUsers, makeTempDir, registerUser, type ServerProcess, type TestUser } from '../harness.js';
import { listAll, range1, startServerProcess, stopServerProcess, waitUntil, type StoredMessage } from './helpers.js';
import { Sender, type Planned } from './sender.js';

const CLIENTS = 20;
const TOTAL = 5000;
const PER_CLIENT = TOTAL / CLIENTS;
/** Kill once this many messages are acknowledged: well into the stream, far from its end. */
const KILL_AFTER_ACKS = 2000;

let dataDir = '';
let proc: ServerProcess | null = null;
const senders: Sender[] = [];

afterAll(async () => {
  for (const s of senders) s.stop();
  if (proc) await stopServerProcess(proc);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

let chatsMade = 0;
/** A fresh chat each call: a titled group (untitled 1:1 chats are unique per pair). */
async function createChat(owner: TestUser, others: TestUser[]): Promise<number> {
  const res = await api(proc!.url, owner.token).post('/chats', { member_ids: others.map((u) => u.id), title: `chat ${++chatsMade}` });
  if (res.status !== 201) throw new Error(`chat create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

describe('crash and restart mid-stream', () => {
  it('stores every message exactly once with contiguous seqs, and no acknowledged message is lost', { timeout: 120_000 }, async () => {
    dataDir = await makeTempDir('parley-crash-');
    proc = await startServerProcess(dataDir);
    const port = proc.port;
    let base = proc.url;

    // Users 0–9 and 10–19 form two groups; each group has one group chat (its first
    // member created it, so is connected to the rest) and each pair (2k, 2k+1) a chat.
    const users: TestUser[] = [];
    for (let i = 0; i < CLIENTS; i++) users.push(await registerUser(base, `Crash ${i}`));
    const groupOf = (i: number) => (i < 10 ? 0 : 10);
    for (let i = 0; i < CLIENTS; i++) if (i !== groupOf(i)) await connectUsers(base, users[groupOf(i)]!, users[i]!);
    for (let i = 0; i < CLIENTS; i += 2) if (i !== groupOf(i)) await connectUsers(base, users[i]!, users[i + 1]!);
    const groupChat = new Map<number, number>();
    for (const g of [0, 10]) groupChat.set(g, await createChat(users[g]!, users.slice(g + 1, g + 10)));
    const pairChat: number[] = [];
    for (let i = 0; i < CLIENTS; i += 2) pairChat[i] = pairChat[i + 1] = await createChat(users[i]!, [users[i + 1]!]);

    for (let i = 0; i < CLIENTS; i++) {
      const chats = [pairChat[i]!, groupChat.get(groupOf(i))!];
      const plan: Planned[] = Array.from({ length: PER_CLIENT }, (_, k) => ({
        clientId: `crash-${i}-${k}-${users[i]!.id}`,
        chatId: chats[k % 2]!,
        content: `from ${i} #${k}`,
        viaRest: k % 10 === 7,
        sentAt: null,
        retryAt: 0,
        sends: 0,
        ack: null,
      }));
      // 20/s per user stays under the default 30/s limit; a few rate_limited answers are still handled.
      const s = new Sender({ user: users[i]!, chats, multiplexed: i % 2 === 1, plan, base: () => base, sendsPerSecond: 20, maxInFlight: 25, resendAfterMs: 3000 });
      senders.push(s);
      s.start();
    }
    const acked = () => senders.reduce((n, s) => n + s.acked, 0);

    await waitUntil(() => acked() >= KILL_AFTER_ACKS, 60_000, `${KILL_AFTER_ACKS} acknowledgements`);
    // Put messages on the wire and kill in the same tick: some are committed, some not,
    // and no client can have seen an answer for them yet.
    for (const s of senders) s.burst(5);
    const inFlightAtKill = senders.reduce((n, s) => n + s.inFlight().length, 0);
    proc.child.kill('SIGKILL');
    const exit = await proc.exited;
    expect(exit.signal).toBe('SIGKILL');
    const ackedBeforeKill = new Map<string, { id: number; seq: number }>();
    for (const s of senders) for (const p of s.plan) if (p.ack) ackedBeforeKill.set(p.clientId, p.ack);
    const resendsBeforeRestart = senders.reduce((n, s) => n + s.resends, 0);

    // Same port when it can be had, so clients reconnect to the address they know.
    proc = await startServerProcess(dataDir, port).catch(() => startServerProcess(dataDir, 0));
    base = proc.url;

    await waitUntil(() => senders.every((s) => s.done), 90_000, 'every message acknowledged after the restart', 100);
    const chatIds = [...new Set([...groupChat.values(), ...pairChat])];
    const stored = new Map<number, StoredMessage[]>();
    // Users 0 and 10 created every chat of their group; pair chats are read by their first member.
    for (const c of chatIds) {
      const reader = c === groupChat.get(0) ? 0 : c === groupChat.get(10) ? 10 : pairChat.indexOf(c);
      stored.set(c, await listAll(base, users[reader]!.token, c));
    }
    // Every member's socket ends up holding every seq of its chats (resume across the crash).
    const behind = () =>
      senders.flatMap((s, i) =>
        [pairChat[i]!, groupChat.get(groupOf(i))!]
          .filter((c) => s.contiguous(c) !== stored.get(c)!.length)
          .map((c) => `client ${i} (${i % 2 ? 'multiplexed' : 'per-chat'}) chat ${c}: holds 1..${s.contiguous(c)} of ${stored.get(c)!.length}, missing ${range1(stored.get(c)!.length).filter((q) => !s.seen.get(c)!.has(q)).slice(0, 10).join(',')}`),
      );
    await waitUntil(() => behind().length === 0, 30_000, 'every client caught up').catch((err: Error) => {
      throw new Error(`${err.message}\n${behind().join('\n')}`);
    });
    for (const s of senders) s.stop();

    const all = [...stored.values()].flat();
    // All 5,000 stored, once each: by client_id and in total.
    expect(all.length).toBe(TOTAL);
    const byClientId = new Map(all.map((m) => [m.client_id!, m]));
    expect(byClientId.size).toBe(TOTAL);
    // Per chat, seq is exactly 1..n.
    for (const [c, msgs] of stored) expect(msgs.map((m) => m.seq), `chat ${c}`).toEqual(range1(msgs.length));
    // Every acknowledgement (given before or after the crash) names the stored message.
    for (const s of senders) {
      expect(s.problems).toEqual([]);
      for (const p of s.plan) {
        const m = byClientId.get(p.clientId);
        expect(m, p.clientId).toBeDefined();
        expect({ id: m!.id, seq: m!.seq, content: m!.content, chat: m!.chat_id }).toEqual({ id: p.ack!.id, seq: p.ack!.seq, content: p.content, chat: p.chatId });
      }
    }
    // Whatever a client saw before the crash was durable: the same message holds that seq now.
    for (const [clientId, ack] of ackedBeforeKill) expect(byClientId.get(clientId)!.id).toBe(ack.id);
    for (const s of senders) {
      for (const [c, seqs] of s.seen) {
        const msgs = stored.get(c)!;
        for (const [seq, f] of seqs) expect({ id: msgs[seq - 1]?.id, content: msgs[seq - 1]?.content }, `chat ${c} seq ${seq}`).toEqual(f);
      }
    }
    // The crash really caught messages in flight, and they were resent after the restart.
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(senders.reduce((n, s) => n + s.resends, 0)).toBeGreaterThan(resendsBeforeRestart);
    expect(senders.every((s) => s.reconnects >= 1)).toBe(true);
  });
});
