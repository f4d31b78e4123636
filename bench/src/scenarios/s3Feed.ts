/**
 * S3 feed broadcast: N sockets on /ws/feed, then one POST /posts whose content carries
 * the send time. Time to the last delivery is the latest receive time across every
 * generator process minus the moment the POST left the coordinator (one monotonic
 * clock). Several posts per run, one at a time; the run's figure is their median.
 */
import type { Reply } from '../generator/messages.js';
import type { SocketSpec } from '../generator/messages.js';
import { content } from '../generator/codec.js';
import { mergeEncoded, summarize } from '../generator/histogram.js';
import { channelUrl, type Lab } from '../lab.js';
import { Api, type AuthedUser } from '../setup/api.js';
import { registerUsers } from '../setup/provision.js';
import { nowUs, sleep } from '../util/clock.js';
import { CpuWindow, onCpuNs } from '../util/procStats.js';
import { spread } from '../util/stats.js';
import { pct, sourceAddresses, withFleet } from './common.js';
import type { Scenario, Variant } from './types.js';

type Stats = Extract<Reply, { op: 'stats' }>;
type Opened = Extract<Reply, { op: 'opened' }>;

/** A broadcast that has not completed in this long is reported with its losses. */
const POST_TIMEOUT_MS = 15_000;

function variant(lab: Lab): Variant {
  const subscribers = lab.num('s3-subscribers', 10_000, 300);
  const users = Math.min(subscribers, lab.num('s3-users', 2000, 50));
  const posts = lab.num('s3-posts', 5, 2);
  return {
    name: `one post to ${subscribers.toLocaleString('en-US')} feed subscribers (${users} users)`,
    columns: [
      { key: 'last_ms', label: 'time to last delivery ms', digits: 1 },
      { key: 'p50_ms', label: 'p50 delivery ms', digits: 1 },
      { key: 'post_ms', label: 'POST response ms', digits: 1 },
      { key: 'server_cpu_ms', label: 'server CPU ms per post', digits: 1 },
      { key: 'lost', label: 'lost' },
      { key: 'server_cpu_pct', label: 'server CPU %' },
    ],
    async prepare(lab, peer) {
      lab.log(`  S3: provisioning ${users} users on ${peer.name}`);
      return lab.prepare(peer, 's3', async (api) => ({ users: await registerUsers(api, 's3', users, lab.log) }));
    },
    async run(lab, peer, prepared) {
      const { snapshot, fixture } = prepared as { snapshot: string; fixture: { users: AuthedUser[] } };
      const server = await lab.boot(peer, snapshot);
      const api = new Api(server.base);
      try {
        return await withFleet(lab, subscribers, async (fleet) => {
          const specs: SocketSpec[][] = Array.from({ length: fleet.size }, () => []);
          const url = channelUrl(server, 'feed');
          const source = sourceAddresses(subscribers);
          for (let i = 0; i < subscribers; i++) {
            const u = fixture.users[i % fixture.users.length]!;
            specs[i % fleet.size]!.push({ url, token: u.token, codec: peer.codec, group: 0, userId: u.id, localAddress: source(i) });
          }
          const opened = await fleet.each<Opened>((i) => ({ op: 'open', specs: specs[i]!, concurrency: 200, waitFirstFrame: false }));
          const ok = opened.reduce((n, o) => n + o.ok, 0);
          if (ok < subscribers) throw new Error(`S3: only ${ok}/${subscribers} feed sockets opened: ${opened.flatMap((o) => o.errorSamples).join('; ')}`);
          await sleep(lab.opts.quick ? 300 : 1000);
          const author = fixture.users[0]!;
          const lasts: number[] = [];
          const p50s: number[] = [];
          const postMs: number[] = [];
          const serverCpuMs: number[] = [];
          let lost = 0;
          const cpu = new CpuWindow([server.pid]);
          for (let p = 0; p < posts; p++) {
            await fleet.each((_) => ({ op: 'reset' }));
            const cpu0 = onCpuNs(server.pid);
            const t0 = nowUs();
            await api.call('POST', '/posts', { content: content(t0, 100) }, author.token);
            postMs.push((nowUs() - t0) / 1000);
            let stats: Stats[] = [];
            const deadline = Date.now() + POST_TIMEOUT_MS;
            for (;;) {
              stats = await fleet.each<Stats>(() => ({ op: 'stats' }));
              if (stats.reduce((n, s) => n + s.counters.received, 0) >= subscribers || Date.now() > deadline) break;
              await sleep(20);
            }
            const got = stats.reduce((n, s) => n + s.counters.received, 0);
            const cpu1 = onCpuNs(server.pid);
            // The server idles once the broadcast is out, so this window holds its whole cost.
            if (cpu0 !== null && cpu1 !== null) serverCpuMs.push((cpu1 - cpu0) / 1e6);
            lost += subscribers - got;
            lasts.push((Math.max(...stats.map((s) => s.counters.lastUs)) - t0) / 1000);
            p50s.push(summarize(mergeEncoded(stats.map((s) => s.counters.latency))).p50Ms);
            lab.log(`    post ${p + 1}: ${got}/${subscribers} delivered, last after ${lasts.at(-1)!.toFixed(1)} ms, server CPU ${serverCpuMs.at(-1)?.toFixed(1) ?? '?'} ms`);
            await sleep(lab.opts.quick ? 100 : 500);
          }
          return {
            metrics: { last_ms: spread(lasts)!.median, p50_ms: spread(p50s)!.median, post_ms: spread(postMs)!.median, server_cpu_ms: spread(serverCpuMs)?.median ?? 0, lost, server_cpu_pct: pct(cpu.coreShare()) },
            warnings: [],
            notes: [`time to last delivery per post: ${lasts.map((x) => x.toFixed(1)).join(', ')} ms`],
          };
        });
      } finally {
        await server.stop();
      }
    },
  };
}

export const s3: Scenario = {
  id: 'S3',
  title: 'feed broadcast: one POST /posts to every feed subscriber',
  variants: (lab) => [variant(lab)],
};
