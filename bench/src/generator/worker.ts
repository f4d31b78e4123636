/**
 * A generator process: owns a share of the sockets, runs the load it is told to run
 * (open-loop relay, closed-loop commits, idle heartbeats, presence churn) and reports
 * counts, latency histograms, schedule lag and its own CPU time. Every loop is bounded
 * by a duration the coordinator sets, and the process exits when its IPC channel closes.
 */
import { nowUs, sleep } from '../util/clock.js';
import { mapPool } from '../util/pool.js';
import { content, frame, markerUs, messageFrame } from './codec.js';
import { Conn } from './conn.js';
import { encode, newHistogram } from './histogram.js';
import type { Command, Counters, Reply, SocketSpec } from './messages.js';

const send = (r: Reply) => process.send?.(r);
const conns: Conn[] = [];
const groupSize = new Map<number, number>();

let latency = newHistogram();
let received = 0;
let errors = 0;
let other = 0;
let firstUs = 0;
let lastUs = 0;
let errorSamples: string[] = [];
/** Closed-loop mode: called when a sender sees its own message come back. */
let onEcho: ((c: Conn) => void) | null = null;
/** Presence mode: churner user id → when its socket opened. */
const openedAt = new Map<number, number>();
let offlineSeen = 0;
/** Sockets the server closed while they were expected to stay (slow-consumer or other closes). */
let unexpectedCloses = 0;
let closing = false;

function reset(): void {
  latency = newHistogram();
  received = errors = other = firstUs = lastUs = offlineSeen = unexpectedCloses = 0;
  errorSamples = [];
}

function counters(): Counters {
  return { received, errors, other, firstUs, lastUs, errorSamples, latency: encode(latency) };
}

function record(t: number, now: number): void {
  latency.recordValue(Math.max(1, now - t));
  received++;
  if (!firstUs) firstUs = now;
  lastUs = now;
}

// Matched loosely: Python's json.dumps writes `"type": "error"` with a space.
const ERROR_WORD = Buffer.from('"error"');
const ERROR_TYPE_RE = /"type":\s*"error"/;
const USER_ONLINE = Buffer.from('"user_online"');
const USER_OFFLINE = Buffer.from('"user_offline"');

function onFrame(c: Conn, data: Buffer): void {
  const now = nowUs();
  const t = markerUs(data);
  if (t >= 0) {
    record(t, now);
    if (onEcho) onEcho(c);
    return;
  }
  if (data.indexOf(ERROR_WORD) >= 0 && ERROR_TYPE_RE.test(data.toString())) {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(data.toString().slice(0, 200));
    // A refused send (e.g. rate_limited) still ends that send's turn in a closed loop.
    if (onEcho) onEcho(c);
    return;
  }
  if (c.spec.role === 'watch' && data.indexOf(USER_ONLINE) >= 0) {
    const m = /"user_id":\s*(\d+)/.exec(data.toString());
    const at = m ? openedAt.get(Number(m[1])) : undefined;
    if (at !== undefined) return record(at, now);
  } else if (c.spec.role === 'watch' && data.indexOf(USER_OFFLINE) >= 0) offlineSeen++;
  other++;
}

async function open(specs: SocketSpec[], concurrency: number, waitFirstFrame: boolean): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = nowUs();
  const base = conns.length;
  for (const [i, s] of specs.entries()) {
    conns.push(new Conn(base + i, s, onFrame));
    groupSize.set(s.group, (groupSize.get(s.group) ?? 0) + 1);
  }
  const toOpen = conns.slice(base).filter((c) => c.spec.role !== 'churn');
  const failures: string[] = [];
  const onClose = (c: Conn) => {
    if (!closing && c.spec.role !== 'churn') unexpectedCloses++;
  };
  await mapPool(toOpen, concurrency, (c) => c.open(waitFirstFrame, onClose).catch((e: Error) => void failures.push(e.message)));
  const cpu = process.cpuUsage(cpu0);
  send({ op: 'opened', ok: toOpen.length - failures.length, failed: failures.length, elapsedMs: (nowUs() - t0) / 1000, errorSamples: [...new Set(failures)].slice(0, 5), cpuUs: cpu.user + cpu.system });
}

/** Open loop: message k goes out at start + k/rate whatever the server does, so a slow server shows up as latency, not as a lower send rate. */
async function relay(cmd: Extract<Command, { op: 'relay' }>): Promise<void> {
  reset();
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
  while (received < expected && nowUs() - sendEnd < cmd.drainMs * 1000) await sleep(10);
  const cpu = process.cpuUsage(cpu0);
  send({ op: 'done', sent, expected, counters: counters(), lag: encode(lag), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start, extra: { unsent, closed: unexpectedCloses } });
}

/**
 * Closed loop: each sender keeps `window` messages in flight and sends the next when one
 * is committed and echoed back, but no sooner than `minGapMs` after its previous send, so
 * a sender stays under a per-user rate limit and throughput measures the server's commits.
 */
async function closedLoop(cmd: Extract<Command, { op: 'closedLoop' }>): Promise<void> {
  reset();
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
  onEcho = (c) => {
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
  onEcho = null;
  const cpu = process.cpuUsage(cpu0);
  send({ op: 'done', sent, expected: sent, counters: counters(), lag: encode(newHistogram()), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start, extra: { closed: unexpectedCloses } });
}

/** Idle sockets that only heartbeat, as the seed's clients do (one ping per socket per interval, spread evenly). */
async function idle(cmd: Extract<Command, { op: 'idle' }>): Promise<void> {
  reset();
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
  send({ op: 'done', sent, expected: sent, counters: counters(), lag: encode(newHistogram()), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start });
}

/** Presence churn: churners connect at `rate`/s, stay `holdMs`, leave, and rest `cooldownMs` (past the server's offline grace) before coming back. */
async function churn(cmd: Extract<Command, { op: 'churn' }>): Promise<void> {
  reset();
  openedAt.clear();
  const churners = conns.filter((c) => c.spec.role === 'churn');
  const watchersIn = new Map<number, number>();
  for (const c of conns) if (c.spec.role === 'watch' && c.ready) watchersIn.set(c.spec.group, (watchersIn.get(c.spec.group) ?? 0) + 1);
  const availableAt = new Map<Conn, number>(churners.map((c) => [c, 0]));
  const cpu0 = process.cpuUsage();
  const start = nowUs();
  const intervalUs = 1e6 / cmd.rate;
  let k = 0;
  let connects = 0;
  let disconnects = 0;
  let failed = 0;
  let skipped = 0;
  let expected = 0;
  let cursor = 0;
  const pending: Promise<void>[] = [];
  const lifecycle = async (c: Conn) => {
    // Stamped before connecting: a server may announce the user before this process sees
    // its own socket open, so latency runs from the connect attempt to the watcher.
    openedAt.set(c.spec.userId, nowUs());
    try {
      await c.open(false);
    } catch {
      openedAt.delete(c.spec.userId);
      failed++;
      availableAt.set(c, nowUs() + cmd.cooldownMs * 1000);
      return;
    }
    connects++;
    expected += watchersIn.get(c.spec.group) ?? 0;
    await sleep(cmd.holdMs);
    await c.close();
    disconnects++;
    availableAt.set(c, nowUs() + cmd.cooldownMs * 1000);
  };
  while (nowUs() - start < cmd.durationMs * 1000) {
    const due = Math.floor((nowUs() - start) / intervalUs);
    while (k < due) {
      k++;
      let picked: Conn | null = null;
      for (let n = 0; n < churners.length && !picked; n++) {
        const c = churners[cursor++ % churners.length]!;
        if ((availableAt.get(c) ?? Infinity) <= nowUs()) picked = c;
      }
      if (!picked) {
        skipped++;
        continue;
      }
      availableAt.set(picked, Infinity);
      pending.push(lifecycle(picked));
    }
    await sleep(2);
  }
  await Promise.all(pending);
  await sleep(cmd.drainMs);
  const cpu = process.cpuUsage(cpu0);
  send({
    op: 'done', sent: connects, expected, counters: counters(), lag: encode(newHistogram()), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start,
    extra: { connects, disconnects, failed, skipped, offlineSeen },
  });
}

async function closeAll(): Promise<void> {
  closing = true;
  await mapPool(conns, 2000, (c) => c.close());
  closing = false;
  conns.length = 0;
  groupSize.clear();
  send({ op: 'closed' });
}

process.on('message', (cmd: Command) => {
  const run = async () => {
    switch (cmd.op) {
      case 'open':
        return open(cmd.specs, cmd.concurrency, cmd.waitFirstFrame);
      case 'reset':
        reset();
        return send({ op: 'stats', counters: counters() });
      case 'relay':
        return relay(cmd);
      case 'closedLoop':
        return closedLoop(cmd);
      case 'idle':
        return idle(cmd);
      case 'churn':
        return churn(cmd);
      case 'stats':
        return send({ op: 'stats', counters: counters() });
      case 'close':
        return closeAll();
    }
  };
  run().catch((e: unknown) => send({ op: 'fatal', message: e instanceof Error ? e.stack ?? e.message : String(e) }));
});
process.on('disconnect', () => process.exit(0));
send({ op: 'ready', pid: process.pid });
