/**
 * Starts one server under test pinned to the server cores, waits until GET /healthz
 * answers, and stops it with SIGTERM (SIGKILL after a deadline). Output goes to a log
 * file, never a pipe, so a chatty server can't stall on a full pipe during a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../util/clock.js';
import { freePort } from '../util/ports.js';
import type { Peer } from './peers.js';

export interface RunningServer {
  peer: Peer;
  pid: number;
  port: number;
  host: string;
  /** http://host:port */
  base: string;
  logFile: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_DEADLINE_MS = 10_000;

export async function startServer(peer: Peer, opts: { dataDir: string; cpus: string; host?: string; logDir: string; profileDir?: string }): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const port = await freePort(host);
  const { cmd, args } = peer.launch(host, port, opts.dataDir);
  // V8 writes the profile when the process exits, which every Node server here does on SIGTERM.
  if (opts.profileDir && cmd === process.execPath) args.unshift('--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`);
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, `${peer.name}-${port}.log`);
  const fd = openSync(logFile, 'a');
  // taskset execs the server, so the child's pid is the server's own.
  const child: ChildProcess = spawn('taskset', ['-c', opts.cpus, cmd, ...args], { stdio: ['ignore', fd, fd], env: { ...process.env, NODE_ENV: 'production' } });
  closeSync(fd);
  let exited: string | null = null;
  child.once('exit', (code, sig) => (exited = `exited with ${code ?? sig}`));
  const base = `http://${host}:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`${peer.name} ${exited} before it was ready; log ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${peer.name} not ready within ${READY_TIMEOUT_MS} ms; log ${logFile}`);
    }
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  return {
    peer,
    pid: child.pid!,
    port,
    host,
    base,
    logFile,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
      await done;
      clearTimeout(t);
    },
  };
}
