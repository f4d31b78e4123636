/**
 * S2 idle connections: N authenticated sockets on /ws/notifications, opened with 200 in
 * flight per generator process. Reports connects per second and the servers' resident
 * memory per connection: the RSS growth (from /proc/<pid>/status, once settled) while
 * the last 90% of the sockets open, divided by their number — the first 10% warm the
 * server up, so one-time costs are not spread over the connections. The multi-process variant runs several independent servers, each
 * with its own data dir and users (SQLite allows one writer per database), and spreads
 * the sockets over them and over 127.0.0.x source addresses.
 */
import type { Reply } from '../generator/messages.js';
import type { SocketSpec } from '../generator/messages.js';
import { channelUrl, type Lab } from '../lab.js';
import type { AuthedUser } from '../setup/api.js';
import { registerUsers } from '../setup/provision.js';
import type { Peer } from '../targets/peers.js';
import type { RunningServer } from '../targets/server.js';
import { sleep } from '../util/clock.js';
import { CpuWindow, rssKiB } from '../util/procStats.js';
import { pct, sourceAddresses, withFleet } from './common.js';
import type { Scenario, Variant } from './types.js';

type Opened = Extract<Reply, { op: 'opened' }>;
interface Fixture {
  servers: { snapshot: string; users: AuthedUser[] }[];
}

const WARMUP_SHARE = 0.1;
/** RSS is read once it moves less than this between samples (or after the deadline). */
const SETTLE_STEP_KIB = 256;
const SETTLE_SAMPLE_MS = 500;
const SETTLE_DEADLINE_MS = 10_000;

/** Summed RSS once the servers are done with deferred per-socket work (timers, GC). */
async function settledRss(pids: number[]): Promise<number[]> {
  const read = () => pids.map((p) => rssKiB(p) ?? 0);
  let last = read();
  const deadline = Date.now() + SETTLE_DEADLINE_MS;
  for (;;) {
    await sleep(SETTLE_SAMPLE_MS);
    const now = read();
    const moved = now.reduce((n, r, i) => n + Math.abs(r - last[i]!), 0);
    last = now;
    if (moved < SETTLE_STEP_KIB || Date.now() > deadline) return now;
  }
}
const CHANNEL = 'notifications';

/**
 * Registering users dominates S2's setup (Parley hashes passwords with argon2id), so
 * variants with the same server count share one fixture sized for the largest of them.
 */
type Provisioner = (lab: Lab, peer: Peer, servers: number, usersPerServer: number) => Promise<Fixture>;
function sharedProvisioner(): Provisioner {
  const cache = new Map<string, Promise<Fixture>>();
  return (lab, peer, servers, usersPerServer) => {
    const key = `${peer.name}-${servers}-${usersPerServer}`;
    let f = cache.get(key);
    if (!f) {
      f = (async () => {
        const out: Fixture = { servers: [] };
        for (let s = 0; s < servers; s++) {
          lab.log(`  S2: provisioning ${usersPerServer} users on ${peer.name} #${s + 1}/${servers}`);
          const p = await lab.prepare(peer, `s2-${servers}-${s}`, async (api) => ({ users: await registerUsers(api, `s2n${s}`, usersPerServer, lab.log) }));
          out.servers.push({ snapshot: p.snapshot, users: p.fixture.users });
        }
        return out;
      })();
      cache.set(key, f);
    }
    return f;
  };
}

function variant(lab: Lab, conns: number, servers: number, connsPerUser: number, usersPerServer: number, provision: Provisioner): Variant {
  const perServer = Math.ceil(conns / servers);
  return {
    name: `${conns.toLocaleString('en-US')} idle connections on ${servers} server process${servers > 1 ? 'es' : ''} (${connsPerUser} per user)`,
    ...(servers > 1 ? { defaultPeers: ['parley'] as const } : {}),
    columns: [
      { key: 'open', label: 'open' },
      { key: 'failed', label: 'failed' },
      { key: 'connects_per_s', label: 'connects/s' },
      { key: 'kib_per_conn', label: 'RSS KiB/conn', digits: 2 },
      { key: 'rss_mib', label: 'server RSS MiB' },
      { key: 'server_cpu_pct', label: 'server CPU % (connect)' },
      { key: 'gen_cpu_pct', label: 'gen CPU %' },
    ],
    prepare: (lab, peer) => provision(lab, peer, servers, usersPerServer),
    async run(lab, peer, fixture) {
      const fx = fixture as Fixture;
      const running: RunningServer[] = [];
      try {
        for (const s of fx.servers) running.push(await lab.boot(peer, s.snapshot));
        const pids = running.map((r) => r.pid);
        return await withFleet(lab, conns, async (fleet) => {
          const specs: SocketSpec[][] = Array.from({ length: fleet.size }, () => []);
          const source = sourceAddresses(conns);
          let g = 0;
          running.forEach((server, s) => {
            const users = fx.servers[s]!.users;
            const url = channelUrl(server, CHANNEL);
            for (let j = 0; j < perServer && g < conns; j++, g++) {
              const u = users[j % users.length]!;
              specs[g % fleet.size]!.push({ url, token: u.token, codec: peer.codec, group: g, userId: u.id, localAddress: source(g) });
            }
          });
          // Warm-up: the first 10% pays one-time costs (JIT, first heap growth, buffers);
          // memory per connection is the RSS growth over the other 90%, once settled.
          const cut = specs.map((w) => Math.ceil(w.length * WARMUP_SHARE));
          const cpu = new CpuWindow(pids);
          const warm = await fleet.each<Opened>((i) => ({ op: 'open', specs: specs[i]!.slice(0, cut[i]), concurrency: 200, waitFirstFrame: false }));
          const rss0 = await settledRss(pids);
          const rest = await fleet.each<Opened>((i) => ({ op: 'open', specs: specs[i]!.slice(cut[i]), concurrency: 200, waitFirstFrame: false }));
          const serverShare = cpu.coreShare();
          const opened = [...warm, ...rest];
          const ok = opened.reduce((n, o) => n + o.ok, 0);
          const okRest = rest.reduce((n, o) => n + o.ok, 0);
          const failed = opened.reduce((n, o) => n + o.failed, 0);
          const elapsedS = (Math.max(...warm.map((o) => o.elapsedMs)) + Math.max(...rest.map((o) => o.elapsedMs))) / 1000;
          const genCores = opened.reduce((n, o) => n + o.cpuUs, 0) / 1e6 / elapsedS;
          const rss1 = await settledRss(pids);
          const delta = rss1.reduce((n, r, i) => n + r - rss0[i]!, 0);
          lab.log(`    open ${ok}, failed ${failed} in ${elapsedS.toFixed(1)} s; RSS +${(delta / 1024).toFixed(1)} MiB over the last ${okRest}`);
          const notes = failed ? [`open failures: ${opened.flatMap((o) => o.errorSamples).slice(0, 3).join('; ')}`] : [];
          return {
            metrics: {
              open: ok,
              failed,
              connects_per_s: ok / elapsedS,
              kib_per_conn: okRest ? delta / okRest : NaN,
              rss_mib: rss1.reduce((a, b) => a + b, 0) / 1024,
              server_cpu_pct: pct(serverShare),
              gen_cpu_pct: pct(genCores),
            },
            warnings: genCores >= 0.9 * lab.genCores ? [`generator was the bottleneck while connecting (${pct(genCores)}% of ${lab.genCores} core(s)); connects/s is a lower bound`] : [],
            notes,
          };
        });
      } finally {
        await Promise.all(running.map((r) => r.stop()));
      }
    },
  };
}

export const s2: Scenario = {
  id: 'S2',
  title: 'idle authenticated connections: memory per connection and connects/s',
  variants(lab) {
    const provision = sharedProvisioner();
    const perUser = lab.num('s2-conns-per-user', 1, 1);
    const sizes = lab.list('s2-conns', [10_000, 19_000], [300]);
    const users = Math.ceil(Math.max(...sizes) / perUser);
    const single = sizes.map((n) => variant(lab, n, 1, perUser, users, provision));
    const multi = lab.num('s2-multi', 100_000, 0);
    if (multi <= 0) return single;
    const servers = lab.num('s2-servers', 6, 2);
    const multiPerUser = lab.num('s2-multi-conns-per-user', 8, 8);
    return [...single, variant(lab, multi, servers, multiPerUser, Math.ceil(multi / servers / multiPerUser), provision)];
  },
};
