/**
 * S0 the seed's own claim: "100 users polling: ~400 requests/second; WebSockets: 0
 * polling requests". Polling at the seed's intervals (chat every 3–5 s, connection
 * requests every 5–10 s, notifications every 10–15 s) gives 100 × (1/4 + 1/7.5 + 1/12.5)
 * ≈ 46 requests/s on average, not 400; this measures what actually reaches the server
 * and what it costs in server CPU, against the same users holding the seed's three
 * sockets each with the seed's 30 s heartbeat. GET /chats (unread counts) stands in for
 * the notifications poll: the contract has no notification list endpoint.
 */
import type { Done } from '../generator/results.js';
import { merge } from '../generator/results.js';
import type { Reply, SocketSpec } from '../generator/messages.js';
import { channelUrl, type Lab } from '../lab.js';
import { Api, type AuthedUser } from '../setup/api.js';
import { chatsForGroups, groupsOf, registerUsers } from '../setup/provision.js';
import { nowUs, sleep } from '../util/clock.js';
import { CpuWindow } from '../util/procStats.js';
import { pct, withFleet } from './common.js';
import type { RunOutcome, Scenario, Variant } from './types.js';

type Opened = Extract<Reply, { op: 'opened' }>;
interface Fixture {
  users: { user: AuthedUser; chatId: number }[];
}

/** The seed's polling intervals, seconds (min, max). */
const POLLS: { path: (chatId: number) => string; min: number; max: number }[] = [
  { path: (c) => `/chats/${c}/messages?after_seq=0&limit=50`, min: 3, max: 5 },
  { path: () => '/connections/requests', min: 5, max: 10 },
  { path: () => '/chats', min: 10, max: 15 },
];
const SEED_CLAIM_PER_S = 400;
const HEARTBEAT_MS = 30_000;

async function poll(api: Api, fx: Fixture, seconds: number): Promise<{ requests: number; failures: number }> {
  const end = nowUs() + seconds * 1e6;
  let requests = 0;
  let failures = 0;
  const interval = (p: (typeof POLLS)[number]) => (p.min + Math.random() * (p.max - p.min)) * 1000;
  const loops = fx.users.flatMap(({ user, chatId }) =>
    POLLS.map(async (p) => {
      // A random phase within one interval, as clients opened at different times would have,
      // so the window sees the steady state rather than 300 polls at once.
      let wait = Math.random() * interval(p);
      while (nowUs() + wait * 1000 < end) {
        await sleep(wait);
        try {
          await api.call('GET', p.path(chatId), undefined, user.token);
          requests++;
        } catch {
          failures++;
        }
        wait = interval(p);
      }
    }),
  );
  await Promise.all(loops);
  return { requests, failures };
}

function variant(lab: Lab): Variant {
  const users = lab.num('s0-users', 100, 20);
  const seconds = lab.num('s0-seconds', 30, 2);
  return {
    name: `${users} users for ${seconds} s: polling at the seed's intervals vs WebSockets (seed claims ~${SEED_CLAIM_PER_S} req/s)`,
    columns: [
      { key: 'poll_req_per_s', label: 'polling req/s', digits: 1 },
      { key: 'poll_server_cpu_pct', label: 'polling server CPU %', digits: 2 },
      { key: 'ws_sockets', label: 'WS sockets' },
      { key: 'ws_frames_per_s', label: 'WS client frames/s', digits: 1 },
      { key: 'ws_server_cpu_pct', label: 'WS server CPU %', digits: 2 },
    ],
    async prepare(lab, peer) {
      lab.log(`  S0: provisioning ${users} users on ${peer.name}`);
      return lab.prepare(peer, 's0', async (api): Promise<Fixture> => {
        const groups = groupsOf(await registerUsers(api, 's0', users, lab.log), 2);
        const ids = await chatsForGroups(api, groups);
        return { users: groups.flatMap((g, i) => g.map((user) => ({ user, chatId: ids[i]! }))) };
      });
    },
    async run(lab, peer, prepared): Promise<RunOutcome> {
      const { snapshot, fixture } = prepared as { snapshot: string; fixture: Fixture };
      const server = await lab.boot(peer, snapshot);
      try {
        await sleep(lab.opts.quick ? 200 : 1000);
        const cpuPoll = new CpuWindow([server.pid]);
        const t0 = nowUs();
        const polled = await poll(new Api(server.base), fixture, seconds);
        const pollWall = (nowUs() - t0) / 1e6;
        const pollShare = cpuPoll.coreShare();
        lab.log(`    polling: ${polled.requests} requests in ${pollWall.toFixed(1)} s (${polled.failures} failed)`);
        const sockets = fixture.users.length * 3;
        const ws = await withFleet(lab, sockets, async (fleet) => {
          const specs: SocketSpec[][] = Array.from({ length: fleet.size }, () => []);
          fixture.users.forEach(({ user, chatId }, i) => {
            for (const ch of [`messages/${chatId}`, 'connections', 'notifications']) {
              specs[i % fleet.size]!.push({ url: channelUrl(server, ch), token: user.token, codec: peer.codec, group: i, userId: user.id });
            }
          });
          const opened = await fleet.each<Opened>((i) => ({ op: 'open', specs: specs[i]!, concurrency: 100, waitFirstFrame: false }));
          await sleep(lab.opts.quick ? 200 : 1000);
          const cpu = new CpuWindow([server.pid]);
          const replies = await fleet.each<Done>(() => ({ op: 'idle', durationMs: seconds * 1000, pingEveryMs: HEARTBEAT_MS }));
          return { open: opened.reduce((n, o) => n + o.ok, 0), share: cpu.coreShare(), m: merge(replies) };
        });
        lab.log(`    websockets: ${ws.open} sockets, ${ws.m.sent} heartbeat pings in ${seconds} s`);
        return {
          metrics: {
            poll_req_per_s: polled.requests / seconds,
            poll_server_cpu_pct: pct(pollShare * 10) / 10,
            ws_sockets: ws.open,
            ws_frames_per_s: ws.m.sent / ws.m.wallS,
            ws_server_cpu_pct: pct(ws.share * 10) / 10,
          },
          warnings: polled.failures ? [`${polled.failures} polling requests failed`] : [],
          notes: [`the seed's intervals imply ${(users * POLLS.reduce((s, p) => s + 2 / (p.min + p.max), 0)).toFixed(1)} req/s on average; the seed's text claims ~${SEED_CLAIM_PER_S}`],
        };
      } finally {
        await server.stop();
      }
    },
  };
}

export const s0: Scenario = {
  id: 'S0',
  title: "the seed's claim: polling vs WebSockets for 100 users",
  variants: (lab) => [variant(lab)],
};
