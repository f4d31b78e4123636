import { describe, expect, it } from 'vitest';
import { createHashGate } from './hashGate.js';
import { isAppError } from './errors.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createHashGate', () => {
  it('runs at most maxConcurrent at once and serves the known lane before the normal one', async () => {
    const gate = createHashGate(1, 10);
    const order: string[] = [];
    const first = deferred();
    const a = gate.run('normal', async () => {
      order.push('a');
      await first.promise;
    });
    const b = gate.run('normal', async () => void order.push('b'));
    const c = gate.run('known', async () => void order.push('c'));
    expect(gate.stats()).toEqual({ running: 1, known: 1, normal: 1 });
    first.resolve();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'c', 'b']);
    expect(gate.stats()).toEqual({ running: 0, known: 0, normal: 0 });
  });

  it('answers rate_limited when a lane is full, without queueing', async () => {
    const gate = createHashGate(1, 1);
    const hold = deferred();
    const running = gate.run('normal', () => hold.promise);
    const queued = gate.run('normal', async () => 'ok');
    const refused = await gate.run('normal', async () => 'never').catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('rate_limited');
    // The known lane has room of its own.
    const known = gate.run('known', async () => 'known');
    hold.resolve();
    expect(await Promise.all([running, queued, known])).toEqual([undefined, 'ok', 'known']);
  });

  it('releases the slot when the work throws', async () => {
    const gate = createHashGate(1, 1);
    await expect(gate.run('normal', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run('normal', async () => 1)).toBe(1);
  });
});
