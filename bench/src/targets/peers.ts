/**
 * The servers under test and how each is started. Every one takes the same flags
 * (`--host --port --data-dir`) and serves GET /healthz, so the harness treats them alike.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, REPO_DIR } from '../util/paths.js';

export const PEER_NAMES = ['parley', 'ws', 'socketio', 'fastapi'] as const;
export type PeerName = (typeof PEER_NAMES)[number];
/** How a client speaks to the server: Parley's JSON frames, or socket.io's engine.io packets around them. */
export type WireCodec = 'json' | 'socketio';

export interface Launch {
  cmd: string;
  args: string[];
}

export interface Peer {
  name: PeerName;
  label: string;
  codec: WireCodec;
  /** How it makes a message durable, for the report. */
  durability: string;
  /** Null when it can run here, else why it is skipped. */
  unavailable(): string | null;
  launch(host: string, port: number, dataDir: string): Launch;
}

const NODE = process.execPath;
const SYSTEM_PYTHON = '/usr/bin/python3';
const nodePeer = (file: string) => (host: string, port: number, dataDir: string): Launch => ({
  cmd: NODE,
  args: ['--import', 'tsx', join(BENCH_DIR, 'peers/node', file), '--host', host, '--port', String(port), '--data-dir', dataDir],
});

/** Newest modification time under a folder, to tell a stale build from a current one. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/**
 * The built server (`npm run build -w @parley/server`) when it is newer than its sources,
 * else the sources through tsx: a stale build would measure old code.
 */
function parleyEntry(): string[] | null {
  const dist = join(REPO_DIR, 'apps/server/dist/main.js');
  const srcDir = join(REPO_DIR, 'apps/server/src');
  const src = join(srcDir, 'main.ts');
  if (!existsSync(src)) return existsSync(dist) ? [dist] : null;
  if (existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(srcDir)) return [dist];
  return ['--import', 'tsx', src];
}

let pythonProblem: string | null | undefined;
function fastapiProblem(): string | null {
  if (pythonProblem !== undefined) return pythonProblem;
  try {
    execFileSync(SYSTEM_PYTHON, ['-c', 'import fastapi, uvicorn, jwt, websockets'], { stdio: 'pipe' });
    pythonProblem = null;
  } catch {
    pythonProblem = `${SYSTEM_PYTHON} lacks fastapi/uvicorn/jwt/websockets (apt-get install -y python3-fastapi python3-uvicorn python3-jwt python3-websockets python3-uvloop)`;
  }
  return pythonProblem;
}

export const PEERS: Record<PeerName, Peer> = {
  parley: {
    name: 'parley',
    label: 'Parley (uWS)',
    codec: 'json',
    durability: "the server's own (WAL, synchronous=FULL, group commit in its store writer)",
    unavailable: () => (parleyEntry() ? null : 'apps/server has no src/main.ts or dist/main.js yet'),
    launch: (host, port, dataDir) => ({
      cmd: NODE,
      // warn: the same log volume as the peers, which log nothing per message either.
      // The load generator is one address holding every user's sockets, which the per-IP
      // and per-user caps exist to refuse; the peers have no such caps, so lift them here.
      // Users are provisioned once for all runs: access tokens must outlive the bench.
      args: [
        ...(parleyEntry() ?? []),
        ...['--host', host, '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'],
        ...['--login-rate-per-ip', '0', '--register-rate-per-ip', '0', '--max-sockets-per-ip', '1000000', '--max-sockets-per-user', '100000'],
        ...['--access-token-ttl', String(7 * 24 * 3600)],
      ],
    }),
  },
  ws: {
    name: 'ws',
    label: 'ws (Node)',
    codec: 'json',
    durability: 'WAL, synchronous=FULL, one transaction per message',
    unavailable: () => null,
    launch: nodePeer('wsServer.ts'),
  },
  socketio: {
    name: 'socketio',
    label: 'socket.io',
    codec: 'socketio',
    durability: 'WAL, synchronous=FULL, one transaction per message',
    unavailable: () => null,
    launch: nodePeer('socketioServer.ts'),
  },
  fastapi: {
    name: 'fastapi',
    label: 'seed (FastAPI)',
    codec: 'json',
    durability: 'WAL, synchronous=FULL, one commit per message',
    unavailable: fastapiProblem,
    launch: (host, port, dataDir) => ({
      cmd: SYSTEM_PYTHON,
      args: [join(BENCH_DIR, 'peers/fastapi/app.py'), '--host', host, '--port', String(port), '--data-dir', dataDir],
    }),
  },
};

/** Which Parley build a run measured, for the report. */
export function parleyEntryLabel(): string {
  const e = parleyEntry();
  return e === null ? 'missing' : e.length === 1 ? 'apps/server/dist/main.js' : 'apps/server/src/main.ts via tsx';
}
