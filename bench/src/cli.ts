/** Command-line flags of `npm run bench`. Unknown `--sN-…` flags are passed to the scenarios. */
import { parseArgs } from 'node:util';
import type { LabOptions } from './lab.js';
import { PEER_NAMES, type PeerName } from './targets/peers.js';

export const USAGE = `npm run bench -- [options]
  --quick                 small smoke run of every scenario (< 2 min)
  --scenario S0,S1,...    scenarios to run (default: all)
  --peer parley,ws,...    servers to run (default: parley,ws,socketio,fastapi)
  --runs N                repeats per figure; the median and range are reported (default 3, quick 1)
  --server-cpus 0         cores the servers are pinned to (taskset -c)
  --gen-cpus 1            cores the load generator is pinned to
  --gen-procs N           at least N generator processes
  --keep-data             keep bench/.data/<stamp> (databases, server logs)
  --profile               Node servers write a CPU profile per measured run to bench/.data/<stamp>/profiles
Scenario sizes (defaults in docs/benchmarks.md):
  --s0-users --s0-seconds | --s1-k 4,500 --s1-users --s1-start-k4 --s1-start-k500 --s1-step-seconds --s1-max-steps --s1-retries --s1-refine
  --s2-conns 10000,19000 --s2-multi 100000 --s2-servers 6 --s2-conns-per-user --s2-multi-conns-per-user
  --s3-subscribers --s3-users --s3-posts | --s4-users --s4-rate --s4-seconds --s4-hold-ms | --s5-senders --s5-seconds --s5-per-sender-rate
  --content-bytes 100`;

export interface CliOptions extends LabOptions {
  scenarios: string[] | null;
  peers: PeerName[] | null;
}

export function parseCli(argv: string[]): CliOptions {
  const scenarioFlags: Record<string, string | undefined> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--((?:s\d|content)-[\w-]+)(?:=(.*))?$/.exec(a);
    if (m) scenarioFlags[m[1]!] = m[2] ?? argv[++i];
    else rest.push(a);
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      quick: { type: 'boolean', default: false },
      scenario: { type: 'string' },
      peer: { type: 'string' },
      runs: { type: 'string' },
      'server-cpus': { type: 'string', default: '0' },
      'gen-cpus': { type: 'string', default: '1' },
      'gen-procs': { type: 'string', default: '1' },
      'keep-data': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const peers = values.peer?.split(',').map((p) => p.trim()) ?? null;
  for (const p of peers ?? []) if (!(PEER_NAMES as readonly string[]).includes(p)) throw new Error(`unknown peer ${p}; known: ${PEER_NAMES.join(', ')}`);
  return {
    quick: values.quick!,
    runs: Number(values.runs ?? (values.quick ? 1 : 3)),
    serverCpus: values['server-cpus']!,
    genCpus: values['gen-cpus']!,
    genProcs: Number(values['gen-procs']),
    keepData: values['keep-data']!,
    profile: values.profile!,
    flags: scenarioFlags,
    scenarios: values.scenario?.split(',').map((s) => s.trim().toUpperCase()) ?? null,
    peers: peers as PeerName[] | null,
  };
}
