/**
 * S4 presence churn: users in cliques (everyone an accepted connection of everyone).
 * Half of each clique watch /ws/online and stay; the other half connect to /ws/online,
 * stay `--s4-hold-ms`, leave, and rest past the offline grace (Parley: 3 s) before
 * coming back, at an open-loop total of `--s4-rate` connects per second. Reported: the
 * connect and disconnect rates achieved, and the latency from a churner's socket opening
 * (the connect attempt's start) to each watcher in its clique receiving user_online, with losses.
 */
import type { Done } from '../generator/results.js';
import { merge } from '../generator/results.js';
import type { Reply, SocketSpec } from '../generator/messages.js';
import { channelUrl, type Lab } from '../lab.js';
import type { AuthedUser } from '../setup/api.js';
import { cliques, groupsOf, registerUsers } from '../setup/provision.js';
import { sleep } from '../util/clock.js';
import { CpuWindow } from '../util/procStats.js';
import { pct, withFleet, workerOfGroup } from './common.js';
import type { Scenario, Variant } from './types.js';

type Opened = Extract<Reply, { op: 'opened' }>;
interface Fixture {
  cliques: AuthedUser[][];
}

const CLIQUE = 10;
/** Longer than Parley's 3 s offline grace, so each return is a real offline → online change. */
const COOLDOWN_MS = 4000;

function variant(lab: Lab): Variant {
  const users = lab.num('s4-users', 2000, 60);
  const rate = lab.num('s4-rate', 150, 5);
  const seconds = lab.num('s4-seconds', 30, 2);
  const holdMs = lab.num('s4-hold-ms', 1000, 1000);
  return {
    name: `${users} users in cliques of ${CLIQUE}, ${rate} connects/s offered for ${seconds} s`,
    columns: [
      { key: 'connects_per_s', label: 'connects/s', digits: 1 },
      { key: 'disconnects_per_s', label: 'disconnects/s', digits: 1 },
      { key: 'p50_ms', label: 'user_online p50 ms', digits: 1 },
      { key: 'p99_ms', label: 'user_online p99 ms', digits: 1 },
      { key: 'lost', label: 'lost' },
      { key: 'server_cpu_pct', label: 'server CPU %' },
    ],
    async prepare(lab, peer) {
      lab.log(`  S4: provisioning ${users} users in cliques of ${CLIQUE} on ${peer.name}`);
      return lab.prepare(peer, 's4', async (api): Promise<Fixture> => {
        const groups = groupsOf(await registerUsers(api, 's4', users, lab.log), CLIQUE);
        await cliques(api, groups);
        return { cliques: groups };
      });
    },
    async run(lab, peer, prepared) {
      const { snapshot, fixture } = prepared as { snapshot: string; fixture: Fixture };
      const server = await lab.boot(peer, snapshot);
      try {
        return await withFleet(lab, users, async (fleet) => {
          const specs: SocketSpec[][] = Array.from({ length: fleet.size }, () => []);
          const url = channelUrl(server, 'online');
          fixture.cliques.forEach((members, g) => {
            members.forEach((u, i) => {
              const role = i < members.length / 2 ? 'watch' : 'churn';
              specs[workerOfGroup(g, fleet.size)]!.push({ url, token: u.token, codec: peer.codec, group: g, userId: u.id, role });
            });
          });
          // Watchers are ready once their first frame (online_users) arrives.
          const opened = await fleet.each<Opened>((i) => ({ op: 'open', specs: specs[i]!, concurrency: 100, waitFirstFrame: true }));
          const failed = opened.reduce((n, o) => n + o.failed, 0);
          if (failed) throw new Error(`S4: ${failed} watcher sockets failed: ${opened.flatMap((o) => o.errorSamples).join('; ')}`);
          // Churners have never connected, so no grace period is pending: a short settle suffices.
          await sleep(lab.opts.quick ? 300 : 1000);
          const churners = specs.map((s) => s.filter((x) => x.role === 'churn').length);
          const total = churners.reduce((a, b) => a + b, 0);
          const cpu = new CpuWindow([server.pid]);
          const replies = await fleet.each<Done>((i) =>
            churners[i] ? { op: 'churn', rate: (rate * churners[i]!) / total, durationMs: seconds * 1000, holdMs, cooldownMs: COOLDOWN_MS, drainMs: lab.opts.quick ? 500 : 1000 } : null,
          );
          const serverShare = cpu.coreShare();
          const m = merge(replies);
          const x = m.extra;
          lab.log(`    ${x.connects} connects, ${x.disconnects} disconnects, user_online ${m.received}/${m.expected}, p99 ${m.latency.p99Ms.toFixed(1)} ms, skipped ${x.skipped}`);
          const warnings = m.genCores >= 0.9 * lab.genCores ? [`generator was the bottleneck (${pct(m.genCores)}% of ${lab.genCores} core(s))`] : [];
          if (x.skipped) warnings.push(`${x.skipped} scheduled connects found no rested churner: offer a lower --s4-rate or more --s4-users`);
          if (x.failed) warnings.push(`${x.failed} churner connects failed`);
          return {
            metrics: {
              connects_per_s: (x.connects ?? 0) / seconds,
              disconnects_per_s: (x.disconnects ?? 0) / seconds,
              p50_ms: m.latency.p50Ms,
              p99_ms: m.latency.p99Ms,
              lost: m.expected - m.received,
              server_cpu_pct: pct(serverShare),
            },
            warnings,
            notes: [],
          };
        });
      } finally {
        await server.stop();
      }
    },
  };
}

export const s4: Scenario = {
  id: 'S4',
  title: 'presence churn: users connecting and disconnecting while their connections watch /ws/online',
  variants: (lab) => [variant(lab)],
};
