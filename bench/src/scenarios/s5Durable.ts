/**
 * S5 durable store: many concurrent senders, each alone on its chat's socket, each
 * sending its next message only once the previous one came back as new_message — which
 * every server here sends only after the message is committed at synchronous=FULL.
 * Echoes per second is therefore commits per second through the real WebSocket path.
 * Each sender is paced to at most `--s5-per-sender-rate`/s so Parley's per-user rate
 * limit (30/s sustained) is not what is measured; the offered ceiling is printed.
 */
import type { Done } from '../generator/results.js';
import { merge } from '../generator/results.js';
import type { Reply, SocketSpec } from '../generator/messages.js';
import { channelUrl, type Lab } from '../lab.js';
import type { AuthedUser } from '../setup/api.js';
import { chatsForGroups, groupsOf, registerUsers } from '../setup/provision.js';
import { CpuWindow } from '../util/procStats.js';
import { pct, withFleet, workerOfGroup } from './common.js';
import type { Scenario, Variant } from './types.js';

type Opened = Extract<Reply, { op: 'opened' }>;
interface Fixture {
  chats: { id: number; sender: AuthedUser }[];
}

function variant(lab: Lab): Variant {
  const senders = lab.num('s5-senders', 1000, 40);
  const seconds = lab.num('s5-seconds', 10, 2);
  const perSender = lab.num('s5-per-sender-rate', 25, 25);
  return {
    name: `${senders} concurrent senders, closed loop, ≤${perSender} msg/s each (ceiling ${(senders * perSender).toLocaleString('en-US')}/s)`,
    columns: [
      { key: 'commits_per_s', label: 'commits/s' },
      { key: 'p50_ms', label: 'p50 commit ms', digits: 1 },
      { key: 'p99_ms', label: 'p99 commit ms', digits: 1 },
      { key: 'errors', label: 'errors' },
      { key: 'server_cpu_pct', label: 'server CPU %' },
      { key: 'gen_cpu_pct', label: 'gen CPU %' },
    ],
    async prepare(lab, peer) {
      lab.log(`  S5: provisioning ${senders * 2} users in ${senders} chats on ${peer.name}`);
      return lab.prepare(peer, 's5', async (api): Promise<Fixture> => {
        const groups = groupsOf(await registerUsers(api, 's5', senders * 2, lab.log), 2);
        const ids = await chatsForGroups(api, groups);
        return { chats: groups.map((g, i) => ({ id: ids[i]!, sender: g[0]! })) };
      });
    },
    async run(lab, peer, prepared) {
      const { snapshot, fixture } = prepared as { snapshot: string; fixture: Fixture };
      const server = await lab.boot(peer, snapshot);
      try {
        return await withFleet(lab, senders, async (fleet) => {
          const specs: SocketSpec[][] = Array.from({ length: fleet.size }, () => []);
          fixture.chats.forEach((c, g) =>
            specs[workerOfGroup(g, fleet.size)]!.push({ url: channelUrl(server, `messages/${c.id}`), token: c.sender.token, codec: peer.codec, group: g, userId: c.sender.id }),
          );
          const opened = await fleet.each<Opened>((i) => ({ op: 'open', specs: specs[i]!, concurrency: 200, waitFirstFrame: false }));
          const failed = opened.reduce((n, o) => n + o.failed, 0);
          if (failed) throw new Error(`S5: ${failed} sockets failed to open: ${opened.flatMap((o) => o.errorSamples).join('; ')}`);
          const cpu = new CpuWindow([server.pid]);
          const replies = await fleet.each<Done>((i) => ({
            op: 'closedLoop', senders: specs[i]!.map((_, j) => j), window: 1, minGapMs: 1000 / perSender, durationMs: seconds * 1000, contentBytes: lab.num('content-bytes', 100, 100),
          }));
          const serverShare = cpu.coreShare();
          const m = merge(replies);
          const commits = m.received / seconds;
          lab.log(`    ${m.received} commits in ${seconds} s, p99 ${m.latency.p99Ms.toFixed(1)} ms, errors ${m.errors}`);
          const warnings = m.genCores >= 0.9 * lab.genCores ? [`generator was the bottleneck (${pct(m.genCores)}% of ${lab.genCores} core(s))`] : [];
          const notes = commits >= 0.95 * senders * perSender ? [`reached the offered ceiling (${senders * perSender}/s): add --s5-senders to find the server's limit`] : [];
          if (m.errors) notes.push(`errors: ${m.errorSamples.join('; ')}`);
          if (m.extra.closed) warnings.push(`${m.extra.closed} sender sockets were closed by the server during the run`);
          return {
            metrics: { commits_per_s: commits, p50_ms: m.latency.p50Ms, p99_ms: m.latency.p99Ms, errors: m.errors, server_cpu_pct: pct(serverShare), gen_cpu_pct: pct(m.genCores) },
            warnings,
            notes,
          };
        });
      } finally {
        await server.stop();
      }
    },
  };
}

export const s5: Scenario = {
  id: 'S5',
  title: 'durable store: messages committed per second at synchronous=FULL',
  variants: (lab) => [variant(lab)],
};
