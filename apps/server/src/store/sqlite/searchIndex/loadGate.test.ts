import { describe, expect, it } from 'vitest';
import { watchRelayLoad } from './loadGate.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // a saturated event loop: no I/O wait at all
  }
}

describe('relay load gate', () => {
  it('reports busy while the event loop runs flat out, and calm once it waits again', async () => {
    const changes: boolean[] = [];
    const stop = watchRelayLoad((busy) => changes.push(busy));
    try {
      await sleep(600);
      expect(changes).toEqual([]);
      // Busy in 50 ms slices, yielding to timers in between, for about a second.
      for (let i = 0; i < 20; i++) {
        spin(50);
        await sleep(0);
      }
      expect(changes).toEqual([true]);
      await sleep(800);
      expect(changes).toEqual([true, false]);
    } finally {
      stop();
    }
  });
});
