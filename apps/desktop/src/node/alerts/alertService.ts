/**
 * The one place OS alerts come from. Candidates are judged by the policy when they
 * arrive (focus and settings as they are then), held until the stream goes quiet for
 * QUIET_MS (at most MAX_HOLD_MS) so a burst or a catch-up replay becomes one alert per
 * chat, then their keys are claimed in the
 * cache — only keys never claimed before survive, so nothing alerts twice, across
 * reconnects and restarts — and the rest is shown.
 */
import type { CacheClient } from '../cache/cacheClient.js';
import type { Clock, TimerHandle } from '../connection/clock.js';
import { alertKey, coalesce, redact, skipReason, type AlertCandidate, type AlertContext, type OsAlert } from './policy.js';

export const QUIET_MS = 400;
export const MAX_HOLD_MS = 3000;

export class AlertService {
  private buffer: AlertCandidate[] = [];
  private timer: TimerHandle | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private heldSince = 0;
  /** Per chat: messages announced by the alert still showing, until the chat is opened. */
  private readonly shown = new Map<number, number>();

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
    if (!this.buffer.length) this.heldSince = this.clock.now();
    this.buffer.push(...keep);
    this.timer?.cancel();
    const wait = Math.min(QUIET_MS, Math.max(0, this.heldSince + MAX_HOLD_MS - this.clock.now()));
    this.timer = this.clock.after(wait, () => {
      this.timer = null;
      this.flushing = this.flushing.then(() => this.flush()).catch(() => undefined);
    });
  }

  /** The user opened the chat: its next alert starts counting from zero. */
  chatSeen(chatId: number): void {
    this.shown.delete(chatId);
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
    if (!fresh.length) return;
    // Privacy as it is when the alert goes up, so a change made a moment ago already holds.
    const { privacy } = (await this.context()).settings.preferences;
    for (const alert of coalesce(fresh, this.shown)) {
      if (alert.target.kind === 'chat') this.shown.set(alert.target.chatId, alert.count);
      this.show(redact(alert, privacy));
    }
  }
}
