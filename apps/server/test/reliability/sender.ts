/**
 * A client that behaves as SPEC §3 asks a real one to: every send carries a client_id,
 * anything not acknowledged is resent with the same client_id (after a timeout, a
 * `rate_limited` answer, or a reconnect), sockets that die are reopened and resume
 * each chat with `after_seq` = the highest seq it holds without a gap. It paces itself
 * below the default rate limit. It records everything it sees, so a test can check
 * the server's answers against what ends up stored.
 */
import WebSocket from 'ws';
import type { TestUser } from '../harness.js';

export interface Planned {
  clientId: string;
  chatId: number;
  content: string;
  viaRest: boolean;
  /** When it was last sent; null while never sent. */
  sentAt: number | null;
  /** Not before this time (after a rate_limited answer). */
  retryAt: number;
  sends: number;
  ack: { id: number; seq: number } | null;
}

export interface SenderOptions {
  user: TestUser;
  chats: number[];
  /** One `/ws` socket subscribing to each chat, or one `/ws/messages/{id}` socket per chat. */
  multiplexed: boolean;
  plan: Planned[];
  /** Current server base URL (it may change across a restart). */
  base: () => string;
  sendsPerSecond: number;
  maxInFlight: number;
  resendAfterMs: number;
}

export class Sender {
  /** chat → seq → the message id and content this client saw with that seq. */
  readonly seen = new Map<number, Map<number, { id: number; content: string }>>();
  /** Unexpected answers (anything but new_message, pong, subscribed, rate_limited). */
  readonly problems: string[] = [];
  resends = 0;
  reconnects = 0;
  private sockets: WebSocket[] = [];
  private connected = false;
  private stopped = false;
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastTick = Date.now();
  private budget = 0;
  private readonly byClientId = new Map<string, Planned>();

  constructor(private readonly o: SenderOptions) {
    for (const p of o.plan) this.byClientId.set(p.clientId, p);
    for (const c of o.chats) this.seen.set(c, new Map());
  }

  start(): void {
    void this.connect();
    this.timer = setInterval(() => this.tick(), 20);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const ws of this.sockets) ws.terminate();
    this.sockets = [];
  }

  get plan(): readonly Planned[] {
    return this.o.plan;
  }

  get acked(): number {
    return this.o.plan.filter((p) => p.ack).length;
  }

  get done(): boolean {
    return this.o.plan.every((p) => p.ack);
  }

  /** Drops every TCP connection from this side without a close frame. */
  cut(): void {
    for (const ws of this.sockets) (ws as unknown as { _socket?: { destroy(): void } })._socket?.destroy();
  }

  /** Sent at least once and not acknowledged. */
  inFlight(): Planned[] {
    return this.o.plan.slice(0, this.next).filter((p) => !p.ack);
  }

  /** Sends the next `n` planned messages at once, ignoring pacing (used right before a crash). */
  burst(n: number): void {
    for (let i = 0; i < n && this.next < this.o.plan.length && this.connected; i++) this.transmit(this.o.plan[this.next++]!);
  }

  /** Highest seq of `chatId` held with nothing missing below it. */
  contiguous(chatId: number): number {
    const seqs = this.seen.get(chatId)!;
    let n = 0;
    while (seqs.has(n + 1)) n++;
    return n;
  }

  private tick(): void {
    if (this.stopped || !this.connected) return;
    const now = Date.now();
    this.budget = Math.min(5, this.budget + ((now - this.lastTick) / 1000) * this.o.sendsPerSecond);
    this.lastTick = now;
    for (const p of this.inFlight()) {
      if (this.budget < 1) return;
      const due = p.retryAt > 0 ? now >= p.retryAt : now - (p.sentAt ?? now) > this.o.resendAfterMs;
      if (due) {
        this.budget--;
        this.resends++;
        this.transmit(p);
      }
    }
    while (this.budget >= 1 && this.next < this.o.plan.length && this.inFlight().length < this.o.maxInFlight) {
      this.budget--;
      this.transmit(this.o.plan[this.next++]!);
    }
  }

  private transmit(p: Planned): void {
    p.sentAt = Date.now();
    p.retryAt = 0;
    p.sends++;
    if (p.viaRest) {
      void this.postRest(p);
      return;
    }
    const frame: Record<string, unknown> = { type: 'message', content: p.content, client_id: p.clientId };
    if (this.o.multiplexed) frame.channel = `messages/${p.chatId}`;
    const ws = this.o.multiplexed ? this.sockets[0] : this.sockets[this.o.chats.indexOf(p.chatId)];
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  }

  private async postRest(p: Planned): Promise<void> {
    try {
      const res = await fetch(`${this.o.base()}/chats/${p.chatId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: p.content, client_id: p.clientId }),
      });
      const body = (await res.json()) as { id: number; seq: number; error?: { code: string } };
      if (res.status === 201) this.acknowledge(p, body.id, body.seq);
      else if (res.status === 429) p.retryAt = Date.now() + 500;
      else this.problems.push(`REST ${res.status} ${JSON.stringify(body)}`);
    } catch {
      // The server went away mid-request: the message stays unacknowledged and is resent.
    }
  }

  private acknowledge(p: Planned, id: number, seq: number): void {
    if (p.ack && (p.ack.id !== id || p.ack.seq !== seq)) {
      this.problems.push(`${p.clientId} acknowledged twice with different messages: ${JSON.stringify(p.ack)} then ${id}/${seq}`);
    }
    p.ack = { id, seq };
  }

  private async connect(): Promise<void> {
    // Bounded by the test: stop() ends it, and each attempt waits 200 ms.
    while (!this.stopped) {
      try {
        await this.open();
        this.connected = true;
        // Everything in flight may or may not have been stored: resend it all, same client_id.
        for (const p of this.inFlight()) {
          this.resends++;
          this.transmit(p);
        }
        return;
      } catch {
        for (const ws of this.sockets) ws.terminate();
        this.sockets = [];
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private async open(): Promise<void> {
    const wsBase = this.o.base().replace(/^http/, 'ws');
    const token = encodeURIComponent(this.o.user.token);
    const urls = this.o.multiplexed
      ? [`${wsBase}/ws?token=${token}`]
      : this.o.chats.map((c) => `${wsBase}/ws/messages/${c}?token=${token}&after_seq=${this.contiguous(c)}`);
    // Listen at once: a resume replay starts as soon as a socket opens, before its siblings do.
    this.sockets = urls.map((u) => {
      const ws = new WebSocket(u);
      ws.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as Record<string, any>));
      return ws;
    });
    await Promise.all(
      this.sockets.map(
        (ws) =>
          new Promise<void>((resolve, reject) => {
            ws.once('open', () => resolve());
            ws.once('error', reject);
            ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
          }),
      ),
    );
    for (const ws of this.sockets) {
      ws.on('error', () => undefined);
      ws.once('close', () => this.lost());
    }
    if (this.o.multiplexed) {
      for (const c of this.o.chats) this.sockets[0]!.send(JSON.stringify({ type: 'subscribe', channel: `messages/${c}`, after_seq: this.contiguous(c) }));
    }
  }

  private lost(): void {
    if (!this.connected || this.stopped) return;
    this.connected = false;
    this.reconnects++;
    for (const ws of this.sockets) ws.terminate();
    this.sockets = [];
    setTimeout(() => void this.connect(), 200);
  }

  private onFrame(f: Record<string, any>): void {
    if (f.type === 'new_message') {
      const seqs = this.seen.get(f.chat_id);
      if (!seqs) return void this.problems.push(`new_message for a foreign chat ${f.chat_id}`);
      const before = seqs.get(f.seq);
      if (before && before.id !== f.message_id) this.problems.push(`seq ${f.chat_id}/${f.seq} seen as ${before.id} and ${f.message_id}`);
      seqs.set(f.seq, { id: f.message_id, content: f.content });
      if (f.sender_id === this.o.user.id && typeof f.client_id === 'string') {
        const p = this.byClientId.get(f.client_id);
        if (p) this.acknowledge(p, f.message_id, f.seq);
      }
      return;
    }
    if (f.type === 'error' && f.code === 'rate_limited' && typeof f.client_id === 'string') {
      const p = this.byClientId.get(f.client_id);
      if (p && !p.ack) p.retryAt = Date.now() + Math.max(100, Number(f.retry_after_ms) || 500);
      return;
    }
    if (f.type === 'pong' || f.type === 'subscribed' || f.type === 'typing') return;
    this.problems.push(`unexpected frame ${JSON.stringify(f).slice(0, 300)}`);
  }
}
