/**
 * A member that only reads one chat and never gives up: whenever its socket dies it
 * reconnects and resumes with `after_seq` = the last seq it received. Since it never
 * sends, every `new_message` it gets comes from live delivery or a resume replay, so
 * its arrival log must be exactly 1, 2, 3 … — a repeat or a skip is a server bug.
 */
import WebSocket from 'ws';
import type { TestUser } from '../harness.js';

export class ResumingReader {
  /** Seqs in arrival order, across every reconnect. */
  readonly log: number[] = [];
  reconnects = 0;
  private ws: WebSocket | null = null;
  private stopped = false;

  constructor(
    private readonly base: () => string,
    private readonly user: TestUser,
    private readonly chatId: number,
    private readonly multiplexed: boolean,
  ) {}

  get last(): number {
    return this.log.length ? this.log[this.log.length - 1]! : 0;
  }

  start(): void {
    this.open();
  }

  /** Drops the TCP connection from this side without a close frame. */
  cut(): void {
    (this.ws as unknown as { _socket?: { destroy(): void } } | null)?._socket?.destroy();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }

  private open(): void {
    if (this.stopped) return;
    const wsBase = this.base().replace(/^http/, 'ws');
    const token = encodeURIComponent(this.user.token);
    const after = this.last;
    const ws = this.multiplexed
      ? new WebSocket(`${wsBase}/ws?token=${token}`)
      : new WebSocket(`${wsBase}/ws/messages/${this.chatId}?token=${token}&after_seq=${after}`);
    this.ws = ws;
    ws.on('open', () => {
      if (this.multiplexed) ws.send(JSON.stringify({ type: 'subscribe', channel: `messages/${this.chatId}`, after_seq: after }));
    });
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; chat_id: number; seq: number };
      if (f.type === 'new_message' && f.chat_id === this.chatId) this.log.push(f.seq);
    });
    ws.on('error', () => undefined);
    ws.once('close', () => {
      if (this.stopped) return;
      this.reconnects++;
      // Bounded by the test, which stops the reader; one attempt per 100 ms.
      setTimeout(() => this.open(), 100);
    });
  }
}
