/**
 * Token buckets per (user, action). A bucket holds up to `burst` tokens and refills at
 * `perSecond`; each action takes one token, and an empty bucket answers
 * AppError('rate_limited') with the wait until the next token — never a silent drop.
 */
import { AppError } from './errors.js';

export interface BucketSpec {
  perSecond: number;
  burst: number;
}

export interface RateLimiter {
  /** Takes one token for `key` under `action` or throws AppError('rate_limited', …, {retryAfterMs}). */
  consume(action: string, key: string | number): void;
  /** Throws like `consume` would when the bucket is empty, without taking a token. */
  check(action: string, key: string | number): void;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Above this many buckets, full (idle) ones are dropped so memory follows active users only. */
const SWEEP_THRESHOLD = 10_000;

export function createRateLimiter(specs: Readonly<Record<string, BucketSpec>>, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, Bucket>();

  function sweep(at: number): void {
    for (const [id, b] of buckets) {
      const spec = specs[id.slice(0, id.indexOf(':'))];
      if (!spec || b.tokens + ((at - b.updatedMs) / 1000) * spec.perSecond >= spec.burst) buckets.delete(id);
    }
  }

  /** Refills the bucket to now; throws when it holds less than one token; takes one if `take`. */
  function step(action: string, key: string | number, take: boolean): void {
    const spec = specs[action];
    if (!spec) throw new Error(`no rate limit defined for action '${action}'`);
    const at = now();
    const id = `${action}:${key}`;
    let bucket = buckets.get(id);
    if (!bucket) {
      if (!take) return;
      if (buckets.size >= SWEEP_THRESHOLD) sweep(at);
      bucket = { tokens: spec.burst, updatedMs: at };
      buckets.set(id, bucket);
    }
    const refilled = Math.min(spec.burst, bucket.tokens + (Math.max(0, at - bucket.updatedMs) / 1000) * spec.perSecond);
    bucket.updatedMs = at;
    bucket.tokens = refilled;
    if (refilled < 1) {
      const retryAfterMs = Math.ceil(((1 - refilled) / spec.perSecond) * 1000);
      throw new AppError('rate_limited', `too many requests; retry in ${retryAfterMs} ms`, { retryAfterMs });
    }
    if (take) bucket.tokens = refilled - 1;
  }

  return {
    consume: (action, key) => step(action, key, true),
    check: (action, key) => step(action, key, false),
  };
}
