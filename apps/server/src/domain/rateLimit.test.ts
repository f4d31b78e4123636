import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { createRateLimiter } from './rateLimit.js';

describe('createRateLimiter', () => {
  it('allows the burst, then refuses with a retry hint, then refills at the rate', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ message: { perSecond: 30, burst: 100 } }, () => now);
    for (let i = 0; i < 100; i++) limiter.consume('message', 1);
    let err: unknown;
    try {
      limiter.consume('message', 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('rate_limited');
    expect((err as AppError).status).toBe(429);
    expect((err as AppError).details?.retryAfterMs).toBe(34);
    // Other users and other actions have their own buckets.
    expect(() => limiter.consume('message', 2)).not.toThrow();
    now += 1000;
    for (let i = 0; i < 30; i++) limiter.consume('message', 1);
    expect(() => limiter.consume('message', 1)).toThrow(AppError);
  });

  it('sustains exactly the configured rate', () => {
    let now = 0;
    const limiter = createRateLimiter({ typing: { perSecond: 5, burst: 1 } }, () => now);
    let ok = 0;
    for (let ms = 0; ms < 10_000; ms += 10) {
      now = ms;
      try {
        limiter.consume('typing', 'u');
        ok++;
      } catch {
        // refused
      }
    }
    expect(ok).toBe(50);
  });

  it('throws on an undefined action (a bug, not a client error)', () => {
    const limiter = createRateLimiter({});
    expect(() => limiter.consume('nope', 1)).toThrow(/no rate limit/);
  });
});
