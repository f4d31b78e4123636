/**
 * `npm run bench`: runs the chosen scenarios against the chosen servers, each figure
 * the median of N fresh-server runs, prints a table and writes bench/results/<stamp>.json.
 * Benchmarks print; they never assert on time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli, USAGE } from './cli.js';
import { Lab } from './lab.js';
import { describeMachine } from './report/machine.js';
import { renderTable, type Row } from './report/table.js';
import { SCENARIOS } from './scenarios/index.js';
import type { RunOutcome } from './scenarios/types.js';
import { parleyEntryLabel, PEER_NAMES, PEERS } from './targets/peers.js';
import { BENCH_DIR } from './util/paths.js';
import { spread } from './util/stats.js';

async function main(): Promise<void> {
  const opts = parseCli(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const log = (s: string) => console.log(s);
  const lab = new Lab(opts, stamp, log);
  const machine: Record<string, string> = { ...describeMachine(), parley: parleyEntryLabel() };
  log(`Parley benchmarks ${opts.quick ? '(quick smoke run: small sizes, figures not comparable to full runs)' : ''}`);
  log(`machine: ${machine.cpu}, ${machine.memory}; servers on cpu ${opts.serverCpus}, generator on cpu ${opts.genCpus}; Parley from ${machine.parley}`);
  const rows: Row[] = [];
  const scenarios = SCENARIOS.filter((s) => !opts.scenarios || opts.scenarios.includes(s.id));
  if (scenarios.length === 0) throw new Error(`no scenario matches; known: ${SCENARIOS.map((s) => s.id).join(', ')}\n${USAGE}`);
  try {
    for (const sc of scenarios) {
      for (const v of sc.variants(lab)) {
        const peers = opts.peers ?? v.defaultPeers ?? PEER_NAMES;
        for (const name of peers) {
          const peer = PEERS[name];
          log(`\n${sc.id} ${v.name} — ${peer.label}`);
          const base = { scenario: sc.id, variant: v.name, peer: peer.label, columns: v.columns, warnings: [] as string[], notes: [] as string[] };
          const problem = peer.unavailable();
          if (problem) {
            log(`  skipped: ${problem}`);
            rows.push({ ...base, runs: 0, figures: {}, skipped: problem });
            continue;
          }
          const t0 = Date.now();
          try {
            const fixture = await v.prepare(lab, peer);
            log(`  provisioned in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
            const outcomes: RunOutcome[] = [];
            for (let r = 0; r < opts.runs; r++) {
              log(`  run ${r + 1}/${opts.runs}`);
              outcomes.push(await v.run(lab, peer, fixture));
            }
            const figures = Object.fromEntries(v.columns.map((c) => [c.key, spread(outcomes.map((o) => o.metrics[c.key] ?? NaN))]));
            log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
            rows.push({ ...base, runs: outcomes.length, figures, warnings: [...new Set(outcomes.flatMap((o) => o.warnings))], notes: [...new Set(outcomes.flatMap((o) => o.notes))] });
          } catch (err) {
            const msg = err instanceof Error ? err.message : String(err);
            log(`  failed: ${msg}`);
            rows.push({ ...base, runs: 0, figures: {}, skipped: `failed: ${msg.split('\n')[0]}` });
          }
        }
      }
    }
  } finally {
    lab.cleanup();
  }
  log(`\n# Results${opts.quick ? ' (quick smoke run)' : ''} — median (min–max) of the runs`);
  log(renderTable(rows));
  const dir = join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${stamp}.json`);
  writeFileSync(file, JSON.stringify({ stamp, argv: process.argv.slice(2), options: opts, machine, rows: rows.map(({ columns: _c, ...r }) => r) }, null, 2));
  log(`\nwritten ${file}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
