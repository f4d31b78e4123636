/**
 * A manually advanced clock for unit tests of the timing logic (backoff, heartbeat,
 * token refresh). Timers fire in due order when `advance` passes their due time.
 */
import type { Clock, TimerHandle } from '../src/node/connection/clock.js';

interface Pending {
  due: number;
  order: number;
  fn: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private time: number;
  private order = 0;
  private pending: Pending[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): TimerHandle {
    const entry: Pending = { due: this.time + Math.max(0, ms), order: this.order++, fn, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /** Number of timers still waiting. */
  get timerCount(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let guard = 0; guard < 100_000; guard++) {
      const next = this.pending
        .filter((p) => !p.cancelled && p.due <= end)
        .sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (!next) break;
      next.cancelled = true;
      this.time = next.due;
      next.fn();
    }
    this.pending = this.pending.filter((p) => !p.cancelled);
    this.time = end;
  }
}
