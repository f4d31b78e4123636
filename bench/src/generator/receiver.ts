/**
 * The receive side of a generator process. Frames are classified by scanning bytes:
 * a benchmark marker (latency sample), an error frame, or a presence frame; nothing is
 * JSON-parsed on the hot path.
 */
import { nowUs } from '../util/clock.js';
import { markerUs } from './codec.js';
import type { Conn } from './conn.js';
import { encode, newHistogram } from './histogram.js';
import type { Counters } from './messages.js';

// Matched loosely: Python's json.dumps writes `"type": "error"` with a space.
const ERROR_WORD = Buffer.from('"error"');
const ERROR_TYPE_RE = /"type":\s*"error"/;
const USER_ONLINE = Buffer.from('"user_online"');
const USER_OFFLINE = Buffer.from('"user_offline"');

export class Receiver {
  latency = newHistogram();
  received = 0;
  errors = 0;
  other = 0;
  firstUs = 0;
  lastUs = 0;
  errorSamples: string[] = [];
  /** Closed-loop mode: called when a sender sees its own message come back (or refused). */
  onEcho: ((c: Conn) => void) | null = null;
  /** Presence mode: churner user id → when it started connecting. */
  readonly openedAt = new Map<number, number>();
  offlineSeen = 0;
  /** Sockets the server closed while they were expected to stay (slow consumer, errors). */
  unexpectedCloses = 0;

  reset(): void {
    this.latency = newHistogram();
    this.received = this.errors = this.other = this.firstUs = this.lastUs = this.offlineSeen = this.unexpectedCloses = 0;
    this.errorSamples = [];
  }

  counters(): Counters {
    const { received, errors, other, firstUs, lastUs, errorSamples } = this;
    return { received, errors, other, firstUs, lastUs, errorSamples, latency: encode(this.latency) };
  }

  private record(t: number, now: number): void {
    this.latency.recordValue(Math.max(1, now - t));
    this.received++;
    if (!this.firstUs) this.firstUs = now;
    this.lastUs = now;
  }

  readonly onFrame = (c: Conn, data: Buffer): void => {
    const now = nowUs();
    const t = markerUs(data);
    if (t >= 0) {
      this.record(t, now);
      this.onEcho?.(c);
      return;
    }
    if (data.indexOf(ERROR_WORD) >= 0 && ERROR_TYPE_RE.test(data.toString())) {
      this.errors++;
      if (this.errorSamples.length < 5) this.errorSamples.push(data.toString().slice(0, 200));
      // A refused send (e.g. rate_limited) still ends that send's turn in a closed loop.
      this.onEcho?.(c);
      return;
    }
    if (c.spec.role === 'watch' && data.indexOf(USER_ONLINE) >= 0) {
      const m = /"user_id":\s*(\d+)/.exec(data.toString());
      const at = m ? this.openedAt.get(Number(m[1])) : undefined;
      if (at !== undefined) return this.record(at, now);
    } else if (c.spec.role === 'watch' && data.indexOf(USER_OFFLINE) >= 0) this.offlineSeen++;
    this.other++;
  };
}
