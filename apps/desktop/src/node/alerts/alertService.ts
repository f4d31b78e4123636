/**
 * The one place OS alerts come from. Candidates are judged by the policy when they
 * arrive (focus and settings as they are then), held for a short window so a burst or
 * a catch-up replay becomes one alert per chat, then their keys are claimed in the
 * cache — only keys never claimed before survive, so nothing alerts twice, across
 * reconnects and restarts — and the rest is shown.
 */
import type { CacheClient } from '../cache/cacheClient.js';
import type { Clock, TimerHandle } from '../connection/clock.js';
import { alertKey, coalesce, skipReason, type AlertCandidate, type AlertContext, type OsAlert } from './policy.js';

export const COALESCE_WINDOW_MS = 400;

export class AlertService {
  private buffer: AlertCandidate[] = [];
  private timer: TimerHandle | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly cache: CacheClient,
    private readonly context: () => Promise<AlertContext>,
    private readonly show: (alert: OsAlert) => void,
    private readonly clock: Clock,
  ) {}

  async offer(candidates: AlertCandidate[]): Promise<void> {
    if (!candidates.length) return;
    const ctx = await this.context();
    const keep = candidates.filter((c) => skipReason(c, ctx) === null);
    if (!keep.length) return;
    this.buffer.push(...keep);
    this.timer ??= this.clock.after(COALESCE_WINDOW_MS, () => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush()).catch(() => undefined);
    });
  }

  /** Waits for buffered alerts to be shown (tests, shutdown). */
  async drain(): Promise<void> {
    if (this.timer) {
      this.timer.cancel();
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush()).catch(() => undefined);
    }
    await this.flushing;
  }

  private async flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    const claimed = new Set(await this.cache.claimAlertKeys(batch.map(alertKey), this.clock.now()));
    // A key claimed now is shown once, even if the batch holds it twice.
    const fresh = batch.filter((c) => claimed.delete(alertKey(c)));
    for (const alert of coalesce(fresh)) this.show(alert);
  }
}
