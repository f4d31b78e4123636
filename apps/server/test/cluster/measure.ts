/**
 * Delivered chat messages per second on a cluster of 1, 2 and 3 nodes (docs/scaling.md).
 * Not a test: it prints figures and asserts nothing.
 *
 *   node --import tsx apps/server/test/cluster/measure.ts [--nodes 0,1,2,3] [--seconds 15]
 *        [--users 200] [--window 4]
 *
 * Node count 0 means one node without a bus (the single-machine default, on PostgreSQL):
 * the baseline that shows what the Redis hop costs. *
 * Each node count gets a fresh cluster (startCluster: PostgreSQL database, Redis prefix,
 * N server processes). Users form chats of 4; member j of chat g connects to node
 * (g + j) mod N, so with several nodes most deliveries cross nodes. Each chat runs a
 * closed loop of `window` messages in flight: a sender's next message goes when its own
 * `new_message` comes back. Every copy received counts as one delivery (4 per send).
 * The generator runs in this process on the same machine; its CPU share is printed.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { api, registerUser, type TestUser } from '../harness.js';
import { startCluster, type TestCluster } from './cluster.js';
import { missingServices } from './services.js';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '0,1,2,3' }, seconds: { type: 'string', default: '15' }, users: { type: 'string', default: '200' }, window: { type: 'string', default: '4' } },
});
const NODE_COUNTS = values.nodes!.split(',').map(Number);
const SECONDS = Number(values.seconds);
const USERS = Number(values.users);
const WINDOW = Number(values.window);
const K = 4;
const WARMUP_MS = 2000;

async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  }));
  return out;
}

async function provision(cluster: TestCluster): Promise<{ chatId: number; members: TestUser[] }[]> {
  const url = cluster.nodes[0]!.url;
  const users = await pool(Array.from({ length: USERS }, (_, i) => i), 16, (i) => registerUser(url, `Load ${i}`));
  const groups: TestUser[][] = [];
  for (let i = 0; i + K <= users.length; i += K) groups.push(users.slice(i, i + K));
  return pool(groups, 8, async (members) => {
    const [owner, ...others] = members as [TestUser, ...TestUser[]];
    for (const o of others) {
      const req = await api(url, o.token).post('/connections', { to_user_id: owner.id });
      await api(url, owner.token).post(`/connections/${req.body.id}/accept`);
    }
    const chat = await api(url, owner.token).post('/chats', { member_ids: others.map((o) => o.id) });
    if (chat.status !== 201) throw new Error(`chat: ${chat.status}`);
    return { chatId: chat.body.id as number, members };
  });
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function measure(count: number): Promise<string> {
  const n = Math.max(1, count);
  const cluster = await startCluster(n, { bus: count > 0 });
  try {
    const chats = await provision(cluster);
    let measuring = false;
    let delivered = 0;
    let sent = 0;
    let errors = 0;
    const latencies: number[] = [];
    let stopped = false;
    const loops = await pool(chats, 8, async (chat, g) => {
      const sockets = await Promise.all(
        chat.members.map((m, j) => openSocket(`${cluster.nodes[(g + j) % n]!.url.replace('http:', 'ws:')}/ws/messages/${chat.chatId}?token=${m.token}`)),
      );
      let turn = 0;
      const sendNext = () => {
        if (stopped) return;
        const ws = sockets[turn++ % K]!;
        ws.send(JSON.stringify({ type: 'message', content: `t=${performance.now()}` }));
        if (measuring) sent++;
      };
      sockets.forEach((ws, j) => {
        ws.on('message', (data) => {
          const f = JSON.parse(data.toString()) as { type: string; sender_id?: number; content?: string };
          if (f.type === 'error') {
            // A refused send (rate_limited) still ends that send's turn.
            errors++;
            sendNext();
            return;
          }
          if (f.type !== 'new_message') return;
          if (measuring) {
            delivered++;
            latencies.push(performance.now() - Number(f.content!.slice(2)));
          }
          // The sender's own copy closes its turn in the loop.
          if (f.sender_id === chat.members[j]!.id) sendNext();
        });
      });
      return { sockets, sendNext };
    });
    for (const loop of loops) for (let w = 0; w < WINDOW; w++) loop.sendNext();
    await new Promise((r) => setTimeout(r, WARMUP_MS));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    stopped = true;
    for (const loop of loops) for (const ws of loop.sockets) ws.terminate();
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    const genCpu = ((cpu.user + cpu.system) / 1e6 / elapsed) * 100;
    const label = count === 0 ? '1, no bus' : String(n);
    return `| ${label} | ${(delivered / elapsed).toFixed(0)} | ${(sent / elapsed).toFixed(0)} | ${q(0.5).toFixed(1)} | ${q(0.99).toFixed(1)} | ${errors} | ${genCpu.toFixed(0)} |`;
  } finally {
    await cluster.close();
  }
}

const missing = await missingServices();
if (missing) {
  console.error(`cannot measure: ${missing}`);
  process.exit(1);
}
console.log(`${USERS} users in chats of ${K}, ${WINDOW} messages in flight per chat, ${SECONDS} s per node count; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| nodes | delivered msg/s | sends/s | p50 ms | p99 ms | error frames | generator CPU % |');
console.log('|---|---|---|---|---|---|---|');
for (const n of NODE_COUNTS) console.log(await measure(n));
