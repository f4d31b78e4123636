/**
 * Folds worker replies into one result and decides whether the generator, not the
 * server, was the limit: its processes near a full core each, or sends falling behind
 * the open-loop schedule.
 */
import { mergeEncoded, summarize, type LatencySummary } from './histogram.js';
import type { Reply } from './messages.js';

export type Done = Extract<Reply, { op: 'done' }>;

export interface Merged {
  sent: number;
  expected: number;
  received: number;
  errors: number;
  errorSamples: string[];
  latency: LatencySummary;
  lag: LatencySummary;
  /** Generator CPU, in cores (1.0 = one core busy), over the longest worker's wall time. */
  genCores: number;
  wallS: number;
  firstUs: number;
  lastUs: number;
  extra: Record<string, number>;
}

export function merge(replies: readonly Done[], coordinatorCpuUs = 0): Merged {
  const wallUs = Math.max(1, ...replies.map((r) => r.wallUs));
  const extra: Record<string, number> = {};
  for (const r of replies) for (const [k, v] of Object.entries(r.extra ?? {})) extra[k] = (extra[k] ?? 0) + v;
  return {
    sent: sum(replies.map((r) => r.sent)),
    expected: sum(replies.map((r) => r.expected)),
    received: sum(replies.map((r) => r.counters.received)),
    errors: sum(replies.map((r) => r.counters.errors)),
    errorSamples: replies.flatMap((r) => r.counters.errorSamples).slice(0, 3),
    latency: summarize(mergeEncoded(replies.map((r) => r.counters.latency))),
    lag: summarize(mergeEncoded(replies.map((r) => r.lag))),
    genCores: (sum(replies.map((r) => r.cpuUs)) + coordinatorCpuUs) / wallUs,
    wallS: wallUs / 1e6,
    firstUs: Math.min(...replies.map((r) => r.counters.firstUs || Infinity)),
    lastUs: Math.max(0, ...replies.map((r) => r.counters.lastUs)),
    extra,
  };
}

/** Past this share of its cores the generator's own queueing shows up as latency. */
const GEN_BUSY = 0.9;
/** Sends more than this late (p99) mean the open-loop schedule was not kept. */
const LAG_LIMIT_MS = 10;

export function generatorWarnings(m: Pick<Merged, 'genCores' | 'lag'>, cores: number): string[] {
  const w: string[] = [];
  if (m.genCores >= GEN_BUSY * cores) {
    w.push(`generator was the bottleneck: it used ${(m.genCores * 100).toFixed(0)}% of its ${cores} core(s); the server may do better than shown`);
  }
  if (m.lag.count > 0 && m.lag.p99Ms > LAG_LIMIT_MS) {
    w.push(`generator fell behind its send schedule (lag p99 ${m.lag.p99Ms.toFixed(1)} ms, max ${m.lag.maxMs.toFixed(1)} ms)`);
  }
  return w;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
