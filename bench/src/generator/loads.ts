/**
 * The loads a generator process runs on its sockets: open-loop relay, closed-loop
 * commits and idle heartbeats. Each is bounded by the duration it is given and returns
 * the counts, histograms and CPU time the coordinator merges.
 */
import { nowUs, sleep } from '../util/clock.js';
import { content, frame, messageFrame } from './codec.js';
import type { Conn } from './conn.js';
import { encode, newHistogram } from './histogram.js';
import type { Command, Reply } from './messages.js';
import type { Receiver } from './receiver.js';

export type Done = Extract<Reply, { op: 'done' }>;

/** What a load works on: the process's sockets, how many of them each group has, and the receive side. */
export interface WorkerState {
  conns: Conn[];
  groupSize: Map<number, number>;
  rx: Receiver;
}

/** Open loop: message k goes out at start + k/rate whatever the server does, so a slow server shows up as latency, not as a lower send rate. */
export async function relay(ctx: WorkerState, cmd: Extract<Command, { op: 'relay' }>): Promise<Done> {
  const { conns, groupSize, rx } = ctx;
  rx.reset();
  const lag = newHistogram();
  const senders = cmd.senders.map((i) => conns[i]!).filter(Boolean);
  const cpu0 = process.cpuUsage();
  const start = nowUs();
  const intervalUs = 1e6 / cmd.rate;
  const endUs = start + cmd.durationMs * 1000;
  let k = 0;
  let sent = 0;
  let unsent = 0;
  let expected = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowUs();
      const due = Math.min(Math.floor((now - start) / intervalUs) + 1, Math.ceil((cmd.durationMs * cmd.rate) / 1000));
      while (k < due) {
        const c = senders[k % senders.length]!;
        lag.recordValue(Math.max(1, now - (start + k * intervalUs)));
        k++;
        if (c.send(messageFrame(c.spec.codec, content(nowUs(), cmd.contentBytes)))) {
          sent++;
          expected += groupSize.get(c.spec.group) ?? 0;
        } else unsent++;
      }
      if (now >= endUs) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const sendEnd = nowUs();
  while (rx.received < expected && nowUs() - sendEnd < cmd.drainMs * 1000) await sleep(10);
  const cpu = process.cpuUsage(cpu0);
  return { op: 'done', sent, expected, counters: rx.counters(), lag: encode(lag), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start, extra: { unsent, closed: rx.unexpectedCloses } };
}

/**
 * Closed loop: each sender keeps `window` messages in flight and sends the next when one
 * is committed and echoed back, but no sooner than `minGapMs` after its previous send, so
 * a sender stays under a per-user rate limit and throughput measures the server's commits.
 */
export async function closedLoop(ctx: WorkerState, cmd: Extract<Command, { op: 'closedLoop' }>): Promise<Done> {
  const { conns, rx } = ctx;
  rx.reset();
  const senders = cmd.senders.map((i) => conns[i]!).filter(Boolean);
  const cpu0 = process.cpuUsage();
  const start = nowUs();
  const endUs = start + cmd.durationMs * 1000;
  let sent = 0;
  let inFlight = 0;
  const fire = (c: Conn) => {
    if (c.send(messageFrame(c.spec.codec, content(nowUs(), cmd.contentBytes)))) {
      sent++;
      inFlight++;
    }
  };
  const lastSend = new Map<Conn, number>();
  const gapUs = cmd.minGapMs * 1000;
  const fireAt = (c: Conn) => {
    const wait = (lastSend.get(c) ?? 0) + gapUs - nowUs();
    const go = () => {
      if (nowUs() >= endUs) return;
      lastSend.set(c, nowUs());
      fire(c);
    };
    if (wait > 0) setTimeout(go, wait / 1000);
    else go();
  };
  rx.onEcho = (c) => {
    inFlight--;
    fireAt(c);
  };
  for (const c of senders) {
    lastSend.set(c, nowUs());
    for (let w = 0; w < cmd.window; w++) fire(c);
  }
  while (nowUs() < endUs) await sleep(50);
  const drainEnd = nowUs() + 5_000_000;
  while (inFlight > 0 && nowUs() < drainEnd) await sleep(10);
  rx.onEcho = null;
  const cpu = process.cpuUsage(cpu0);
  return { op: 'done', sent, expected: sent, counters: rx.counters(), lag: encode(newHistogram()), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start, extra: { closed: rx.unexpectedCloses } };
}

/** Idle sockets that only heartbeat, as the seed's clients do (one ping per socket per interval, spread evenly). */
export async function idle(ctx: WorkerState, cmd: Extract<Command, { op: 'idle' }>): Promise<Done> {
  const { conns, rx } = ctx;
  rx.reset();
  const cpu0 = process.cpuUsage();
  const start = nowUs();
  const open = conns.filter((c) => c.ready);
  const stepUs = (cmd.pingEveryMs * 1000) / Math.max(1, open.length);
  let sent = 0;
  let k = 0;
  while (nowUs() - start < cmd.durationMs * 1000) {
    const due = Math.floor((nowUs() - start) / stepUs);
    while (k < due) {
      const c = open[k++ % open.length]!;
      if (c.send(frame(c.spec.codec, 'ping', ''))) sent++;
    }
    await sleep(20);
  }
  await sleep(500);
  const cpu = process.cpuUsage(cpu0);
  return { op: 'done', sent, expected: sent, counters: rx.counters(), lag: encode(newHistogram()), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start };
}
