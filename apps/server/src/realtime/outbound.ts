/**
 * Every frame leaves through here, so the backpressure policy lives in one place.
 *
 * What uWS 20.30 does by itself (measured): past `maxBackpressure` it drops sends and
 * publishes to that socket; with `closeOnBackpressureLimit` it then closes the socket
 * without a close frame (the client sees 1006), and a close frame we send with `end()`
 * once the buffer is already at the cap is dropped too (again 1006). So the policy is:
 *
 *  - sheddable frames (typing, presence) are skipped above SOFT_LIMIT_BYTES;
 *  - above `maxBackpressureBytes` we `end(4001 slow consumer)` ourselves, checked after
 *    every direct send and, for native publishes (which uWS writes lazily, on its next
 *    loop turn), on the next `setImmediate` for every socket of the published topics;
 *  - uWS's own cap is set to twice our limit with `closeOnBackpressureLimit`, so the
 *    4001 close frame still fits, and a burst that outruns the checks closes the socket
 *    instead of silently dropping a chat message. Memory per socket stays below that cap.
 *
 * After `end()` uWS waits its ping timeout (16 s at the default 60 s idle timeout, 4 s at
 * 8 s) for the peer to read the backlog and answer the close; a peer still stuck then is
 * dropped and sees 1006, which resumes exactly like 4001.
 */
import { CLOSE_CODES } from '@parley/protocol';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { TemplatedApp } from '../transport/uws.js';
import type { Conn } from './conn.js';
import type { Hub } from './hub.js';

/** Typing and presence are worthless once late; past this much backlog they are shed. */
const SOFT_LIMIT_BYTES = 64 * 1024;

/** The cap handed to uWS: headroom above our limit for the close frame and same-tick bursts. */
export function nativeBackpressureCap(maxBackpressureBytes: number): number {
  return maxBackpressureBytes * 2;
}

export interface OutboundDeps {
  app: TemplatedApp;
  hub: Hub;
  maxBackpressureBytes: number;
  metrics: Metrics;
  log: Logger;
}

export class Outbound {
  private readonly softLimit: number;
  private readonly dirtyTopics = new Set<string>();
  private checkScheduled = false;

  constructor(private readonly deps: OutboundDeps) {
    this.softLimit = Math.min(SOFT_LIMIT_BYTES, Math.floor(deps.maxBackpressureBytes / 4));
  }

  /** Replays pause above this backlog until the socket drains, so a healthy client is never cut off. */
  get paceLimit(): number {
    return Math.floor(this.deps.maxBackpressureBytes / 2);
  }

  /** A frame that must arrive; a socket that cannot take it is closed so its client resumes. */
  send(conn: Conn, text: string): boolean {
    const ws = conn.ws;
    if (conn.closed || !ws) return false;
    ws.send(text, false, false);
    // A drop past uWS's cap closes the socket synchronously (closeOnBackpressureLimit).
    if (conn.closed) return false;
    this.check(conn);
    return !conn.closed;
  }

  /** Typing and presence: skipped for a socket that is already behind. */
  sendSheddable(conn: Conn, text: string): boolean {
    const ws = conn.ws;
    if (conn.closed || !ws) return false;
    if (ws.getBufferedAmount() > this.softLimit) return false;
    return this.send(conn, text);
  }

  /** Native fan-out of one serialized frame to every socket subscribed to `topic`. */
  publish(topic: string, text: string, kind: string): void {
    this.deps.app.publish(topic, text, false, false);
    this.deps.metrics.broadcastsTotal.inc({ kind });
    this.dirtyTopics.add(topic);
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => this.checkDirtyTopics());
  }

  /** Resolves on the socket's next drain event or when it closes. */
  waitForDrain(conn: Conn): Promise<void> {
    if (conn.closed) return Promise.resolve();
    return new Promise((resolve) => conn.drainWaiters.push(resolve));
  }

  /** uWS `drain` and `close` handlers call this. */
  drained(conn: Conn): void {
    const waiters = conn.drainWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  bufferedAmount(conn: Conn): number {
    return conn.closed || !conn.ws ? 0 : conn.ws.getBufferedAmount();
  }

  /** Closes a consumer that cannot keep up, with the code that tells it to reconnect and resume. */
  closeSlow(conn: Conn, why: string): void {
    const ws = conn.ws;
    if (conn.closed || !ws) return;
    this.deps.metrics.serverClosesTotal.inc({ reason: 'slow_consumer' });
    this.deps.log.warn({ userId: conn.userId, socketId: conn.id, why, buffered: ws.getBufferedAmount() }, 'closing slow consumer');
    ws.end(CLOSE_CODES.slowConsumer, 'reconnect');
  }

  private check(conn: Conn): void {
    if (this.bufferedAmount(conn) > this.deps.maxBackpressureBytes) this.closeSlow(conn, 'backpressure limit');
  }

  private checkDirtyTopics(): void {
    this.checkScheduled = false;
    const dirty = [...this.dirtyTopics];
    this.dirtyTopics.clear();
    for (const topic of dirty) {
      // Copy: closing a socket removes it from the set being iterated.
      for (const conn of [...this.deps.hub.subscribers(topic)]) this.check(conn);
    }
  }
}
