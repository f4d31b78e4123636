import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, jittered, nextRetry } from './backoff.js';

describe('nextRetry', () => {
  const mid = () => 0.5; // no jitter

  it('follows 1, 2, 4, 8, 16 s, then offline every 60 s', () => {
    const plan = [1, 2, 3, 4, 5, 6, 7].map((n) => nextRetry(n, DEFAULT_BACKOFF, mid));
    expect(plan).toEqual([
      { state: 'reconnecting', attempt: 1, delayMs: 1000 },
      { state: 'reconnecting', attempt: 2, delayMs: 2000 },
      { state: 'reconnecting', attempt: 3, delayMs: 4000 },
      { state: 'reconnecting', attempt: 4, delayMs: 8000 },
      { state: 'reconnecting', attempt: 5, delayMs: 16000 },
      { state: 'offline', delayMs: 60000 },
      { state: 'offline', delayMs: 60000 },
    ]);
  });

  it('jitters each delay within ±20%', () => {
    expect(nextRetry(1, DEFAULT_BACKOFF, () => 0).delayMs).toBe(800);
    expect(nextRetry(1, DEFAULT_BACKOFF, () => 0.999999).delayMs).toBe(1200);
    expect(nextRetry(6, DEFAULT_BACKOFF, () => 0).delayMs).toBe(48000);
    expect(nextRetry(6, DEFAULT_BACKOFF, () => 0.999999).delayMs).toBe(72000);
    const seen = new Set(Array.from({ length: 50 }, () => nextRetry(3).delayMs));
    expect(seen.size).toBeGreaterThan(1);
    for (const d of seen) {
      expect(d).toBeGreaterThanOrEqual(3200);
      expect(d).toBeLessThanOrEqual(4800);
    }
  });

  it('never returns a negative delay', () => {
    expect(jittered(100, 2, () => 0)).toBe(0);
  });
});
