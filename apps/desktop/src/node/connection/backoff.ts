/**
 * Reconnect schedule (SPEC §4, the seed's "Auto-Reconnect"): after the n-th failed
 * attempt in a row wait 1, 2, 4, 8, 16 s; after five failures the client is "offline"
 * and keeps trying every 60 s. Every delay is jittered (±20% by default) so a server
 * restart is not followed by every client reconnecting in the same instant.
 * Pure: the random source is an argument.
 */
export interface BackoffPolicy {
  /** Delay before retry n (1-based) while still "reconnecting". */
  delaysMs: readonly number[];
  /** Delay between retries once "offline". */
  offlineRetryMs: number;
  /** Each delay is multiplied by a factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  delaysMs: [1000, 2000, 4000, 8000, 16000],
  offlineRetryMs: 60_000,
  jitter: 0.2,
};

export type RetryDecision =
  | { state: 'reconnecting'; attempt: number; delayMs: number }
  | { state: 'offline'; delayMs: number };

export function jittered(ms: number, jitter: number, random: () => number): number {
  const factor = 1 + jitter * (2 * random() - 1);
  return Math.max(0, Math.round(ms * factor));
}

/** What to do after `failures` consecutive failed attempts (failures ≥ 1). */
export function nextRetry(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): RetryDecision {
  const base = policy.delaysMs[failures - 1];
  if (failures >= 1 && base !== undefined) {
    return { state: 'reconnecting', attempt: failures, delayMs: jittered(base, policy.jitter, random) };
  }
  return { state: 'offline', delayMs: jittered(policy.offlineRetryMs, policy.jitter, random) };
}
