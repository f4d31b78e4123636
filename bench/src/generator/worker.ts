/**
 * A generator process: owns a share of the sockets, runs the load it is told to run
 * (loads.ts, churn.ts) and reports counts, latency histograms, schedule lag and its own
 * CPU time. Every load is bounded by a duration the coordinator sets, and the process
 * exits when its IPC channel closes.
 */
import { nowUs } from '../util/clock.js';
import { mapPool } from '../util/pool.js';
import { churn } from './churn.js';
import { Conn } from './conn.js';
import { closedLoop, idle, relay, type WorkerState } from './loads.js';
import type { Command, Reply, SocketSpec } from './messages.js';
import { Receiver } from './receiver.js';

const send = (r: Reply) => process.send?.(r);
const state: WorkerState = { conns: [], groupSize: new Map(), rx: new Receiver() };
let closing = false;

async function open(specs: SocketSpec[], concurrency: number, waitFirstFrame: boolean): Promise<void> {
  const { conns, groupSize, rx } = state;
  const cpu0 = process.cpuUsage();
  const t0 = nowUs();
  const base = conns.length;
  for (const [i, s] of specs.entries()) {
    conns.push(new Conn(base + i, s, rx.onFrame));
    groupSize.set(s.group, (groupSize.get(s.group) ?? 0) + 1);
  }
  // Churners open later, on the churn schedule.
  const toOpen = conns.slice(base).filter((c) => c.spec.role !== 'churn');
  const failures: string[] = [];
  const onClose = (c: Conn) => {
    if (!closing && c.spec.role !== 'churn') rx.unexpectedCloses++;
  };
  await mapPool(toOpen, concurrency, (c) => c.open(waitFirstFrame, onClose).catch((e: Error) => void failures.push(e.message)));
  const cpu = process.cpuUsage(cpu0);
  send({ op: 'opened', ok: toOpen.length - failures.length, failed: failures.length, elapsedMs: (nowUs() - t0) / 1000, errorSamples: [...new Set(failures)].slice(0, 5), cpuUs: cpu.user + cpu.system });
}

async function closeAll(): Promise<void> {
  closing = true;
  await mapPool(state.conns, 2000, (c) => c.close());
  closing = false;
  state.conns.length = 0;
  state.groupSize.clear();
  send({ op: 'closed' });
}

process.on('message', (cmd: Command) => {
  const run = async () => {
    switch (cmd.op) {
      case 'open':
        return open(cmd.specs, cmd.concurrency, cmd.waitFirstFrame);
      case 'reset':
        state.rx.reset();
        return send({ op: 'stats', counters: state.rx.counters() });
      case 'relay':
        return send(await relay(state, cmd));
      case 'closedLoop':
        return send(await closedLoop(state, cmd));
      case 'idle':
        return send(await idle(state, cmd));
      case 'churn':
        return send(await churn(state, cmd));
      case 'stats':
        return send({ op: 'stats', counters: state.rx.counters() });
      case 'close':
        return closeAll();
    }
  };
  run().catch((e: unknown) => send({ op: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) }));
});
process.on('disconnect', () => process.exit(0));
send({ op: 'ready', pid: process.pid });
