/**
 * Run context shared by the scenarios: where data lives, which cores the servers and
 * the generator use, and servers booted from provisioned snapshots — each scenario
 * provisions once per peer (users, chats) and every repeat starts a fresh server on a
 * copy of that data, so repeats are independent and setup is paid once.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Api } from './setup/api.js';
import type { Peer } from './targets/peers.js';
import { startServer, type RunningServer } from './targets/server.js';
import { BENCH_DIR } from './util/paths.js';

export interface LabOptions {
  quick: boolean;
  runs: number;
  serverCpus: string;
  genCpus: string;
  /** Extra generator processes beyond what the open-files cap requires. */
  genProcs: number;
  keepData: boolean;
  /** Measured runs of Node servers write a V8 CPU profile (`--cpu-prof`) under `<data>/profiles`; implies keepData. */
  profile: boolean;
  /** Scenario flags, raw (`--s1-k 4,500` → `s1-k: '4,500'`). */
  flags: Record<string, string | undefined>;
}

export class Lab {
  readonly dataRoot: string;
  private seq = 0;
  /** Quick runs measure once, on the server that was just provisioned (saves a restart per peer). */
  private readonly warm = new Map<string, RunningServer>();
  constructor(readonly opts: LabOptions, readonly stamp: string, readonly log: (s: string) => void) {
    this.dataRoot = join(BENCH_DIR, '.data', stamp);
    mkdirSync(this.dataRoot, { recursive: true });
  }

  get genCores(): number {
    return cpuCount(this.opts.genCpus);
  }

  /** A numeric flag, with separate defaults for full and quick runs. */
  num(name: string, full: number, quick: number): number {
    const v = this.opts.flags[name];
    return v !== undefined ? Number(v) : this.opts.quick ? quick : full;
  }

  list(name: string, full: number[], quick: number[]): number[] {
    const v = this.opts.flags[name];
    return v !== undefined ? v.split(',').map(Number) : this.opts.quick ? quick : full;
  }

  /** Starts a server on a fresh data dir, runs `provision` against it, stops it and keeps the data as a snapshot. */
  async prepare<F>(peer: Peer, key: string, provision: (api: Api) => Promise<F>): Promise<{ snapshot: string; fixture: F }> {
    const snapshot = join(this.dataRoot, `${peer.name}-${key}-snapshot`);
    const server = await startServer(peer, { dataDir: snapshot, cpus: this.opts.serverCpus, logDir: join(this.dataRoot, 'logs') });
    const keep = this.opts.quick && this.opts.runs === 1;
    try {
      const fixture = await provision(new Api(server.base));
      if (keep) this.warm.set(snapshot, server);
      return { snapshot, fixture };
    } finally {
      if (!keep || !this.warm.has(snapshot)) await server.stop();
    }
  }

  /** A fresh server on a copy of a snapshot. */
  async boot(peer: Peer, snapshot: string): Promise<RunningServer> {
    const warm = this.warm.get(snapshot);
    if (warm) {
      this.warm.delete(snapshot);
      return warm;
    }
    const dir = join(this.dataRoot, `${peer.name}-run-${++this.seq}`);
    cpSync(snapshot, dir, { recursive: true });
    const profileDir = this.opts.profile ? join(this.dataRoot, 'profiles') : undefined;
    return startServer(peer, { dataDir: dir, cpus: this.opts.serverCpus, logDir: join(this.dataRoot, 'logs'), profileDir });
  }

  cleanup(): void {
    if (!this.opts.keepData && !this.opts.profile) rmSync(this.dataRoot, { recursive: true, force: true });
  }
}

/** "0" → 1, "0,2" → 2, "0-3" → 4. */
export function cpuCount(list: string): number {
  return list.split(',').reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b !== undefined ? b - a! + 1 : 1);
  }, 0);
}

/** The WebSocket URL of a channel in the peer's own framing. */
export function channelUrl(server: RunningServer, channel: string): string {
  return server.peer.codec === 'socketio'
    ? `ws://${server.host}:${server.port}/socket.io/?EIO=4&transport=websocket&channel=${encodeURIComponent(channel)}`
    : `ws://${server.host}:${server.port}/ws/${channel}`;
}
