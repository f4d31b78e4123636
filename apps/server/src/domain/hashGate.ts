/**
 * A bound on password hashing. argon2id is slow and memory-hungry on purpose, so a flood
 * of logins (or registrations) would otherwise start hundreds of hashes at once and make
 * every login — the right ones too — wait behind them. At most `maxConcurrent` hashes
 * run; others wait in one of two queues, and the `known` queue (logins from a device that
 * signed in to the account before, and password changes by signed-in users) is always
 * served first. A full `normal` queue answers 429 at once instead of growing.
 */
import { AppError } from './errors.js';

export type HashLane = 'known' | 'normal';

export interface HashGate {
  run<T>(lane: HashLane, work: () => Promise<T>): Promise<T>;
  /** Hashes running and waiting, for tests and metrics. */
  stats(): { running: number; known: number; normal: number };
}

export function createHashGate(maxConcurrent: number, maxQueued: number): HashGate {
  let running = 0;
  const queues: Record<HashLane, (() => void)[]> = { known: [], normal: [] };

  function next(): void {
    const start = queues.known.shift() ?? queues.normal.shift();
    if (start) start();
    else running--;
  }

  return {
    async run(lane, work) {
      if (running >= maxConcurrent) {
        if (queues[lane].length >= maxQueued) {
          throw new AppError('rate_limited', 'too many sign-ins are in progress; retry in a moment', { retryAfterMs: 1000 });
        }
        // The slot is handed over by `next` without being released, so nobody jumps the queue.
        await new Promise<void>((resolve) => queues[lane].push(resolve));
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        next();
      }
    },
    stats: () => ({ running, known: queues.known.length, normal: queues.normal.length }),
  };
}
