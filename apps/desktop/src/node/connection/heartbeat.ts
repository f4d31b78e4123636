/**
 * Heartbeat (SPEC §4, the seed's 30 s ping): while a socket is open, send `{type:"ping"}`
 * every `intervalMs`; if no pong arrives within `timeoutMs` the socket is declared dead,
 * since a peer that vanished (lid shut, cable pulled, server frozen) never sends a close
 * frame. `probe()` pings at once: after resume from sleep an "open" socket is not
 * trusted until it answers.
 */
import type { Clock, TimerHandle } from './clock.js';

export interface HeartbeatOptions {
  clock: Clock;
  intervalMs: number;
  timeoutMs: number;
  sendPing(): void;
  /** The pong did not arrive in time. Called at most once per start(). */
  onDead(): void;
  /** A pong arrived (after a probe: the socket is trustworthy again). */
  onAlive?(): void;
}

export class Heartbeat {
  private next: TimerHandle | null = null;
  private deadline: TimerHandle | null = null;
  private running = false;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    this.stop();
    this.running = true;
    this.scheduleNext();
  }

  stop(): void {
    this.running = false;
    this.next?.cancel();
    this.deadline?.cancel();
    this.next = this.deadline = null;
  }

  /** Ping now and expect a pong within `timeoutMs` (a pending deadline is kept, not extended). */
  probe(timeoutMs = this.options.timeoutMs): void {
    if (!this.running) return;
    this.next?.cancel();
    this.next = null;
    this.options.sendPing();
    if (!this.deadline) this.deadline = this.options.clock.after(timeoutMs, () => this.die());
  }

  /** Call on every pong. */
  pong(): void {
    if (!this.running) return;
    this.deadline?.cancel();
    this.deadline = null;
    this.options.onAlive?.();
    if (!this.next) this.scheduleNext();
  }

  get awaitingPong(): boolean {
    return this.deadline !== null;
  }

  private scheduleNext(): void {
    this.next = this.options.clock.after(this.options.intervalMs, () => {
      this.next = null;
      this.probe();
    });
  }

  private die(): void {
    this.deadline = null;
    if (!this.running) return;
    this.stop();
    this.options.onDead();
  }
}
