/**
 * S1 chat relay: users in chats of K members, every member on /ws/messages/{chat}.
 * An open-loop send rate is stepped up (×1.5) until p99 end-to-end latency reaches
 * 100 ms, any delivery is lost or any error comes back (a failed step is retried once),
 * then the bracket between the last pass and that failure is bisected (`--s1-refine`,
 * 2 by default); the highest passing rate is the result. Delivered messages/s counts every copy received (K per send).
 */
import type { Fleet } from '../generator/fleet.js';
import type { Done } from '../generator/results.js';
import { generatorWarnings, merge, type Merged } from '../generator/results.js';
import type { SocketSpec } from '../generator/messages.js';
import { channelUrl, type Lab } from '../lab.js';
import type { AuthedUser } from '../setup/api.js';
import { chatsForGroups, groupsOf, registerUsers } from '../setup/provision.js';
import { sleep } from '../util/clock.js';
import { CpuWindow, onCpuNs, threadOnCpuNs } from '../util/procStats.js';
import { pct, withFleet, workerOfGroup } from './common.js';
import type { RunOutcome, Scenario, Variant } from './types.js';

interface Fixture {
  chats: { id: number; members: AuthedUser[] }[];
}

const P99_LIMIT_MS = 100;
const STEP_FACTOR = 1.5;

function variant(lab: Lab, k: number): Variant {
  // Small K: many chats of K from the user pool; large K: one room of K members.
  const users = k > 10 ? k : lab.num('s1-users', 2000, 40);
  const startRate = lab.num(`s1-start-k${k}`, k > 10 ? 10 : 500, k > 10 ? 5 : 200);
  const maxSteps = lab.num('s1-max-steps', 14, 2);
  const stepMs = lab.num('s1-step-seconds', 5, 1) * 1000;
  const drainMs = lab.opts.quick ? 1000 : 2000;
  const contentBytes = lab.num('content-bytes', 100, 100);
  return {
    name: `K=${k}, ${users} users`,
    columns: [
      { key: 'delivered_per_s', label: 'delivered msg/s' },
      { key: 'send_per_s', label: 'sends/s' },
      { key: 'p50_ms', label: 'p50 ms', digits: 1 },
      { key: 'p99_ms', label: 'p99 ms', digits: 1 },
      { key: 'max_ms', label: 'max ms', digits: 1 },
      { key: 'lost', label: 'lost' },
      { key: 'server_cpu_pct', label: 'server CPU %' },
      { key: 'gen_cpu_pct', label: 'gen CPU %' },
    ],
    async prepare(lab, peer) {
      lab.log(`  S1 K=${k}: provisioning ${users} users on ${peer.name}`);
      return lab.prepare(peer, `s1-k${k}`, async (api): Promise<Fixture> => {
        const us = await registerUsers(api, `s1k${k}`, users, lab.log);
        const groups = groupsOf(us, k);
        const ids = await chatsForGroups(api, groups);
        return { chats: groups.map((members, i) => ({ id: ids[i]!, members })) };
      });
    },
    async run(lab, peer, prepared) {
      const { snapshot, fixture } = prepared as { snapshot: string; fixture: Fixture };
      const server = await lab.boot(peer, snapshot);
      try {
        const sockets = fixture.chats.reduce((n, c) => n + c.members.length, 0);
        return await withFleet(lab, sockets, async (fleet) => {
          const specs: SocketSpec[][] = Array.from({ length: fleet.size }, () => []);
          fixture.chats.forEach((chat, g) => {
            for (const u of chat.members) {
              specs[workerOfGroup(g, fleet.size)]!.push({ url: channelUrl(server, `messages/${chat.id}`), token: u.token, codec: peer.codec, group: g, userId: u.id });
            }
          });
          const opened = await fleet.each<Extract<import('../generator/messages.js').Reply, { op: 'opened' }>>((i) => ({ op: 'open', specs: specs[i]!, concurrency: 200, waitFirstFrame: false }));
          const failed = opened.reduce((n, o) => n + o.failed, 0);
          if (failed > 0) throw new Error(`S1: ${failed} sockets failed to open: ${opened.flatMap((o) => o.errorSamples).join('; ')}`);
          return await stepUp(fleet, specs, server.pid, lab, { warmupMs: lab.opts.quick ? 500 : 3000, retries: lab.num('s1-retries', 1, 0), startRate, maxSteps, stepMs, drainMs, contentBytes, refineSteps: lab.num('s1-refine', 2, 0) });
        });
      } finally {
        await server.stop();
      }
    },
  };
}

interface StepPlan {
  warmupMs: number;
  retries: number;
  startRate: number;
  maxSteps: number;
  stepMs: number;
  drainMs: number;
  contentBytes: number;
  /** Bisections between the last passing and the first failing step. */
  refineSteps: number;
}

async function stepUp(fleet: Fleet, specs: SocketSpec[][], serverPid: number, lab: Lab, plan: StepPlan): Promise<RunOutcome> {
  const total = specs.reduce((n, s) => n + s.length, 0);
  // Warm-up at the starting rate, not measured: JIT and buffers on both sides settle first,
  // so the first step is not failed by one-time costs.
  await fleet.each<Done>((i) => (specs[i]!.length ? { op: 'relay', rate: (plan.startRate * specs[i]!.length) / total, durationMs: plan.warmupMs, drainMs: plan.drainMs, senders: specs[i]!.map((_, j) => j), contentBytes: plan.contentBytes } : null));
  let best: { rate: number; m: Merged; serverShare: number } | null = null;
  const notes: string[] = [];
  let warnings: string[] = [];
  let rate = plan.startRate;
  const runStep = async (rate: number) => {
    const cpu = new CpuWindow([serverPid]);
    const main0 = threadOnCpuNs(serverPid, serverPid);
    const all0 = onCpuNs(serverPid);
    const coord0 = process.cpuUsage();
    const replies = await fleet.each<Done>((i) => {
      const mine = specs[i]!;
      if (mine.length === 0) return null;
      // Every socket sends in turn; each worker's share of the rate follows its share of sockets.
      return { op: 'relay', rate: (rate * mine.length) / total, durationMs: plan.stepMs, drainMs: plan.drainMs, senders: mine.map((_, j) => j), contentBytes: plan.contentBytes };
    });
    const c = process.cpuUsage(coord0);
    const m = merge(replies, c.user + c.system);
    const serverShare = cpu.coreShare();
    const main1 = threadOnCpuNs(serverPid, serverPid);
    const all1 = onCpuNs(serverPid);
    // Per send, the server's main thread (the hot path's own cost) and its other threads
    // (a store's writer and indexer): which one is the bottleneck, before it fails a step.
    const perSend = (ns: number) => (ns / 1000 / m.sent).toFixed(1);
    const mainUs = main0 !== null && main1 !== null && all0 !== null && all1 !== null && m.sent > 0
      ? ` (µs/send: main thread ${perSend(main1 - main0)}, other threads ${perSend(all1 - all0 - (main1 - main0))})`
      : '';
    // A send that could not go out (its socket was closed by the server) is a loss too.
    const lost = m.expected - m.received + (m.extra.unsent ?? 0);
    const ok = lost === 0 && m.errors === 0 && m.latency.p99Ms < P99_LIMIT_MS && m.sent > 0;
    lab.log(`    ${rate} sends/s: delivered ${m.received}/${m.expected}, p99 ${m.latency.p99Ms.toFixed(1)} ms, errors ${m.errors}, server ${pct(serverShare)}%${mainUs} gen ${pct(m.genCores)}% ${ok ? 'pass' : 'FAIL'}`);
    return { m, serverShare, lost, ok };
  };
  const attempt = async (rate: number) => {
    let r = await runStep(rate);
    // One retry of a failed step, so a single hiccup elsewhere on the machine does not end the search.
    for (let retry = 0; !r.ok && retry < plan.retries; retry++) {
      await sleep(plan.drainMs);
      r = await runStep(rate);
    }
    return { ...r, genW: generatorWarnings(r.m, lab.genCores) };
  };
  const describe = (r: Awaited<ReturnType<typeof attempt>>) => {
    const closed = r.m.extra.closed ? `, ${r.m.extra.closed} sockets closed by the server` : '';
    return r.lost > 0 ? `${r.lost} lost${closed}` : r.m.errors > 0 ? `${r.m.errors} errors (${r.m.errorSamples[0] ?? ''})` : `p99 ${r.m.latency.p99Ms.toFixed(1)} ms`;
  };
  const pause = () => sleep(lab.opts.quick ? 200 : 500);
  let failRate: number | null = null;
  for (let step = 0; step < plan.maxSteps; step++, rate = Math.round(rate * STEP_FACTOR)) {
    const r = await attempt(rate);
    if (!r.ok) {
      failRate = rate;
      notes.push(`first failing step ${rate} sends/s${plan.retries ? ` (also on retry)` : ''}: ${describe(r)}`);
      if (r.genW.length) warnings.push(...r.genW.map((w) => `at the failing step: ${w}`));
      break;
    }
    best = { rate, m: r.m, serverShare: r.serverShare };
    warnings = r.genW;
    await pause();
  }
  // The ladder brackets the ceiling within ×1.5; bisecting that bracket a few times
  // narrows it, so two servers a few percent apart do not report the same step.
  if (best && failRate !== null) {
    let hi = failRate;
    for (let i = 0; i < plan.refineSteps; i++) {
      const mid = Math.round((best.rate + hi) / 2);
      if (mid <= best.rate || mid >= hi) break;
      await sleep(plan.drainMs);
      const r = await attempt(mid);
      if (r.ok) {
        best = { rate: mid, m: r.m, serverShare: r.serverShare };
        warnings = r.genW;
      } else {
        hi = mid;
        notes.push(`refined: ${mid} sends/s fails: ${describe(r)}`);
      }
    }
  }
  if (!best) return { metrics: { delivered_per_s: NaN, send_per_s: NaN }, warnings, notes: [...notes, 'no step passed'] };
  const { m } = best;
  return {
    metrics: {
      delivered_per_s: m.received / (plan.stepMs / 1000),
      send_per_s: best.rate,
      p50_ms: m.latency.p50Ms,
      p99_ms: m.latency.p99Ms,
      max_ms: m.latency.maxMs,
      lost: m.expected - m.received + (m.extra.unsent ?? 0),
      server_cpu_pct: pct(best.serverShare),
      gen_cpu_pct: pct(m.genCores),
    },
    warnings,
    notes: notes.length === 0 ? [`no step failed up to ${best.rate} sends/s (raise --s1-max-steps)`] : notes,
  };
}

export const s1: Scenario = {
  id: 'S1',
  title: 'chat relay: highest open-loop rate with p99 < 100 ms and zero loss',
  variants: (lab) => lab.list('s1-k', [4, 500], [4, 20]).map((k) => variant(lab, k)),
};
