/**
 * Who is online. A user is online while at least one of their sockets is open, on any
 * endpoint and channel. After the last socket closes the user stays online for the
 * grace period (SPEC default 3 s) so a reconnect — a page reload, a network switch —
 * does not flap; only if none opened by then does the `offline` change fire. Sockets
 * closed by the heartbeat (idle timeout) count like any other close.
 *
 * This module holds state only; channels/online.ts decides who hears about a change.
 */
export type PresenceListener = (userId: number, online: boolean) => void;

/**
 * What the gateway and the `online` channel need from presence. `Presence` below is the
 * single-node tracker; with a Redis bus, bus/clusterPresence.ts answers for the cluster.
 */
export interface PresenceTracker {
  onChange(listener: PresenceListener): void;
  /** A socket of `userId` opened on this node. */
  opened(userId: number): void;
  /** A socket of `userId` closed on this node. */
  closed(userId: number): void;
  /** Online as peers should see it, answered synchronously from local state. */
  isOnline(userId: number): boolean;
  /** Server shutdown: no more announcements. */
  stop(): void;
}

export class Presence implements PresenceTracker {
  private readonly sockets = new Map<number, number>();
  private readonly grace = new Map<number, NodeJS.Timeout>();
  private readonly listeners: PresenceListener[] = [];
  private stopped = false;

  constructor(private readonly graceMs: number) {}

  onChange(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  opened(userId: number): void {
    const n = (this.sockets.get(userId) ?? 0) + 1;
    this.sockets.set(userId, n);
    if (n > 1) return;
    const pending = this.grace.get(userId);
    if (pending) {
      // Back within the grace period: peers never saw them leave.
      clearTimeout(pending);
      this.grace.delete(userId);
      return;
    }
    this.emit(userId, true);
  }

  closed(userId: number): void {
    const n = (this.sockets.get(userId) ?? 1) - 1;
    if (n > 0) {
      this.sockets.set(userId, n);
      return;
    }
    this.sockets.delete(userId);
    // At shutdown every socket closes; that is a restart, not everyone going offline.
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.grace.delete(userId);
      if (!this.sockets.has(userId)) this.emit(userId, false);
    }, this.graceMs);
    timer.unref();
    this.grace.set(userId, timer);
  }

  /** Online as peers see it: a socket is open, or the last one closed less than the grace period ago. */
  isOnline(userId: number): boolean {
    return this.sockets.has(userId) || this.grace.has(userId);
  }

  /** Stops announcing changes and drops pending timers (server shutdown). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.grace.values()) clearTimeout(timer);
    this.grace.clear();
  }

  private emit(userId: number, online: boolean): void {
    if (this.stopped) return;
    for (const listener of this.listeners) listener(userId, online);
  }
}
