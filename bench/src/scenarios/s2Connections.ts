/**
 * S2 idle connections: N authenticated sockets on /ws/notifications, opened with 200 in
 * flight per generator process. Reports connects per second and the servers' resident
 * memory per connection: (RSS after the sockets settle − RSS before) / N, read from
 * /proc/<pid>/status. The multi-process variant runs several independent servers, each
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
import { pct, sourceAddress, withFleet } from './common.js';
import type { Scenario, Variant } from './types.js';

type Opened = Extract<Reply, { op: 'opened' }>;
interface Fixture {
  servers: { snapshot: string; users: AuthedUser[] }[];
}

/** Long enough for a server to finish per-socket work (timers, first GC) before RSS is read. */
const SETTLE_MS = 3000;
const CHANNEL = 'notifications';

function variant(lab: Lab, conns: number, servers: number, connsPerUser: number): Variant {
  const perServer = Math.ceil(conns / servers);
  const usersPerServer = Math.ceil(perServer / connsPerUser);
  return {
    name: `${conns.toLocaleString('en-US')} idle connections on ${servers} server process${servers > 1 ? 'es' : ''} (${connsPerUser} per user)`,
    ...(servers > 1 ? { defaultPeers: ['parley'] as const } : {}),
    columns: [
      { key: 'open', label: 'open' },
      { key: 'failed', label: 'failed' },
      { key: 'connects_per_s', label: 'connects/s' },
      { key: 'kib_per_conn', label: 'KiB/conn', digits: 2 },
      { key: 'rss_mib', label: 'server RSS MiB' },
      { key: 'server_cpu_pct', label: 'server CPU % (connect)' },
      { key: 'gen_cpu_pct', label: 'gen CPU %' },
    ],
    async prepare(lab, peer) {
      const out: Fixture = { servers: [] };
      for (let s = 0; s < servers; s++) {
        lab.log(`  S2: provisioning ${usersPerServer} users on ${peer.name} #${s + 1}/${servers}`);
        out.servers.push(await lab.prepare(peer, `s2-${conns}-${s}`, async (api) => ({ users: await registerUsers(api, `s2n${s}`, usersPerServer, lab.log) })).then((p) => ({ snapshot: p.snapshot, users: p.fixture.users })));
      }
      return out;
    },
    async run(lab, peer, fixture) {
      const fx = fixture as Fixture;
      const running: RunningServer[] = [];
      try {
        for (const s of fx.servers) running.push(await lab.boot(peer, s.snapshot));
        await sleep(1000);
        const pids = running.map((r) => r.pid);
        const rss0 = pids.map((p) => rssKiB(p) ?? 0);
        return await withFleet(lab, conns, async (fleet) => {
          const specs: SocketSpec[][] = Array.from({ length: fleet.size }, () => []);
          let g = 0;
          running.forEach((server, s) => {
            const users = fx.servers[s]!.users;
            const url = channelUrl(server, CHANNEL);
            for (let j = 0; j < perServer && g < conns; j++, g++) {
              const u = users[j % users.length]!;
              specs[g % fleet.size]!.push({ url, token: u.token, codec: peer.codec, group: g, userId: u.id, localAddress: sourceAddress(g) });
            }
          });
          const cpu = new CpuWindow(pids);
          const opened = await fleet.each<Opened>((i) => ({ op: 'open', specs: specs[i]!, concurrency: 200, waitFirstFrame: false }));
          const serverShare = cpu.coreShare();
          const ok = opened.reduce((n, o) => n + o.ok, 0);
          const failed = opened.reduce((n, o) => n + o.failed, 0);
          const elapsedS = Math.max(...opened.map((o) => o.elapsedMs)) / 1000;
          const genCores = opened.reduce((n, o) => n + o.cpuUs, 0) / 1e6 / elapsedS;
          await sleep(SETTLE_MS);
          const rss1 = pids.map((p) => rssKiB(p) ?? 0);
          const delta = rss1.reduce((n, r, i) => n + r - rss0[i]!, 0);
          lab.log(`    open ${ok}, failed ${failed} in ${elapsedS.toFixed(1)} s; RSS +${(delta / 1024).toFixed(1)} MiB`);
          const notes = failed ? [`open failures: ${opened.flatMap((o) => o.errorSamples).slice(0, 3).join('; ')}`] : [];
          return {
            metrics: {
              open: ok,
              failed,
              connects_per_s: ok / elapsedS,
              kib_per_conn: ok ? delta / ok : NaN,
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
    const perUser = lab.num('s2-conns-per-user', 1, 1);
    const single = lab.list('s2-conns', [10_000, 19_000], [300]).map((n) => variant(lab, n, 1, perUser));
    const multi = lab.num('s2-multi', 100_000, 0);
    if (multi <= 0) return single;
    return [...single, variant(lab, multi, lab.num('s2-servers', 6, 2), lab.num('s2-multi-conns-per-user', 8, 8))];
  },
};
