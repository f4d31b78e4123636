/**
 * Presence churn for a generator process: its churner sockets come and go on a schedule
 * while its watcher sockets (same cliques) stay, and the receiver times each user_online.
 */
import { nowUs, sleep } from '../util/clock.js';
import type { Conn } from './conn.js';
import { encode, newHistogram } from './histogram.js';
import type { Command } from './messages.js';
import type { Done, WorkerState } from './loads.js';

/** Presence churn: churners connect at `rate`/s, stay `holdMs`, leave, and rest `cooldownMs` (past the server's offline grace) before coming back. */
export async function churn(ctx: WorkerState, cmd: Extract<Command, { op: 'churn' }>): Promise<Done> {
  const { conns, rx } = ctx;
  rx.reset();
  rx.openedAt.clear();
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
    rx.openedAt.set(c.spec.userId, nowUs());
    try {
      await c.open(false);
    } catch {
      rx.openedAt.delete(c.spec.userId);
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
  return {
    op: 'done', sent: connects, expected, counters: rx.counters(), lag: encode(newHistogram()), cpuUs: cpu.user + cpu.system, wallUs: nowUs() - start,
    extra: { connects, disconnects, failed, skipped, offlineSeen: rx.offlineSeen },
  };
}
