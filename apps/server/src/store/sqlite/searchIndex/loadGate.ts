/**
 * Tells the indexer when the main thread is saturated, so it holds its background
 * batches until it is not. A nice-19 thread still gets a minimum time slice whenever the
 * scheduler picks it, and at the relay's ceiling that slice comes out of message
 * delivery. Event-loop
 * utilisation is the signal: the share of the last interval the main thread spent
 * running rather than waiting for I/O. Searches are not held: a waiting catch-up runs
 * whatever the load (indexerWorker.ts).
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How often the main thread's utilisation is sampled. */
const SAMPLE_MS = 250;
/** Above this share of an interval busy, the relay needs the core. */
const BUSY_ABOVE = 0.8;
/** Back to calm below this (a gap, so a load near the line does not flap). */
const CALM_BELOW = 0.6;

/** Starts sampling; `onChange` hears each change of state. Returns a stop function. */
export function watchRelayLoad(onChange: (busy: boolean) => void): () => void {
  let busy = false;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const next = busy ? share > CALM_BELOW : share > BUSY_ABOVE;
    if (next !== busy) {
      busy = next;
      onChange(busy);
    }
  }, SAMPLE_MS);
  timer.unref();
  return () => clearInterval(timer);
}
