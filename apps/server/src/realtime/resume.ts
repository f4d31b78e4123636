/**
 * Resume with `after_seq`: replay every stored event of the chat (messages, edits,
 * deletions, reactions, membership changes) with seq > N in order, then go live, with
 * no gap and no duplicate — also for events committed while the replay runs. Every
 * page is read as the member (the domain checks membership), so a member removed
 * meanwhile is refused instead of replayed to.
 *
 * How (the socket's native subscription to the chat topic cannot be filtered per socket):
 *  1. `hub.hold` takes the chat topic off native delivery for this socket *before* the
 *     first history read, and live `new_message` frames for it are kept here instead.
 *     Anything committed before the hold is in the history the reads will see.
 *  2. History is paged from the domain and sent in order; a page waits for the socket to
 *     drain when it is behind, so a healthy but slow client is not cut off.
 *  3. The kept live frames are flushed in seq order, skipping what the replay sent.
 *  4. The domain publishes a message a moment after its commit, so the replay can see a
 *     message whose event is still to come. The socket therefore stays on JS delivery
 *     (deduplicated by seq) until the chat's published seq reaches what was replayed, or
 *     SETTLE_MS passes without one (the replayed messages predate this process), and only
 *     then returns to native delivery.
 *
 * Cancelling (a new `subscribe` with `after_seq` for the same chat, unsubscribing, the
 * socket closing) ends the replay at once — also one parked waiting for the socket to
 * drain, which would otherwise keep its page of rows until a drain that a client that
 * never reads never gives. So however often a client re-subscribes, at most one replay
 * per chat and socket holds rows, each at most one page (dispatch.ts rate-limits
 * `subscribe` itself). `parley_replays_total{outcome}` and `parley_replays_running` show it.
 */
import { LIMITS, chatChannel } from '@parley/protocol';
import type { RealtimeContext } from './channel.js';
import type { Conn } from './conn.js';
import { encode, errorFrame, toFrameError } from './frames.js';
import { topics } from './hub.js';

const PAGE = LIMITS.maxPageSize;
/** Long enough for any in-flight publish to land; a resumed socket is on JS delivery meanwhile. */
const SETTLE_MS = 1000;

interface CatchUp {
  readonly conn: Conn;
  readonly chatId: number;
  readonly topic: string;
  replaying: boolean;
  held: { seq: number; text: string }[];
  heldBytes: number;
  /** Every seq in (after_seq, top] has been delivered. */
  top: number;
  /** Delivered seqs above `top` (live frames that arrived out of order). */
  readonly above: Set<number>;
  timer: NodeJS.Timeout | null;
  done: boolean;
  /** Ends the current wait for a drain (set while the replay is parked on one). */
  wake: (() => void) | null;
}

type Outcome = 'completed' | 'cancelled' | 'failed';

export class Resumer {
  private readonly active = new Map<number, Set<CatchUp>>();
  private readonly byConn = new Map<Conn, Map<number, CatchUp>>();
  /** Highest seq published per chat since this process started. */
  private readonly publishedMax = new Map<number, number>();

  constructor(private readonly ctx: RealtimeContext) {}

  /** Starts a resume of `chatId` after `afterSeq` on this socket, replacing any running one. */
  start(conn: Conn, chatId: number, afterSeq: number): void {
    this.cancel(conn, chatId);
    const c: CatchUp = {
      conn,
      chatId,
      topic: topics.chat(chatId),
      replaying: true,
      held: [],
      heldBytes: 0,
      top: afterSeq,
      above: new Set(),
      timer: null,
      done: false,
      wake: null,
    };
    this.add(c);
    this.ctx.hub.hold(conn, c.topic);
    this.ctx.metrics.replaysTotal.inc({ outcome: 'started' });
    this.ctx.metrics.replaysRunning.inc();
    this.replay(c)
      .catch((err: unknown) => this.fail(c, err))
      .finally(() => this.ctx.metrics.replaysRunning.dec());
  }

  /** Every published `new_message`: delivered here to sockets that are resuming that chat. */
  onMessage(chatId: number, seq: number, text: string): void {
    if (seq > (this.publishedMax.get(chatId) ?? 0)) this.publishedMax.set(chatId, seq);
    const set = this.active.get(chatId);
    if (!set) return;
    for (const c of [...set]) {
      if (c.replaying) this.keep(c, seq, text);
      else {
        this.deliver(c, seq, text);
        this.maybeSettle(c);
      }
    }
  }

  /** Stops a resume (the channel was left or the socket closed); native delivery takes over. */
  cancel(conn: Conn, chatId?: number): void {
    const mine = this.byConn.get(conn);
    if (!mine) return;
    for (const c of [...mine.values()]) if (chatId === undefined || c.chatId === chatId) this.finish(c, 'cancelled');
  }

  /** Resolves on the socket's next drain, or as soon as the replay is cancelled. */
  private drainOrCancel(c: CatchUp): Promise<void> {
    return new Promise<void>((resolve) => {
      c.wake = resolve;
      void this.ctx.outbound.waitForDrain(c.conn).then(resolve, resolve); // never rejects today; a replay must not hang if it did
    }).finally(() => {
      c.wake = null;
    });
  }

  private async replay(c: CatchUp): Promise<void> {
    const { conn, chatId } = c;
    const channel = chatChannel(chatId);
    const { outbound } = this.ctx;
    for (let first = true; ; first = false) {
      const page = await this.ctx.domain.chats.events(conn.userId, chatId, c.top, PAGE);
      if (c.done || conn.closed || !conn.ws) return this.finish(c);
      // A cursor past the end (a stale cache, a bogus value) would make every live
      // event up to it look delivered: start from the chat's real last seq instead.
      if (first && page.length === 0 && c.top > 0) {
        const { last_seq } = await this.ctx.domain.chats.detail(conn.userId, chatId);
        if (c.done || conn.closed) return this.finish(c);
        c.top = Math.min(c.top, last_seq);
      }
      // Pace within the page too: 200 large messages (~16 KB each) would otherwise pass
      // the backpressure limit in one burst and close a healthy client as a slow one.
      // Bounded: each pass sends at least one message or waits for a drain or the close.
      for (let i = 0; i < page.length; ) {
        conn.ws?.cork(() => {
          for (; i < page.length && outbound.bufferedAmount(conn) <= outbound.paceLimit; i++) {
            if (!outbound.send(conn, encode(page[i]!, channel))) return;
            c.top = page[i]!.seq;
          }
        });
        if (c.done || conn.closed || !conn.ws) return this.finish(c);
        while (!c.done && !conn.closed && outbound.bufferedAmount(conn) > outbound.paceLimit) await this.drainOrCancel(c);
        if (c.done || conn.closed) return this.finish(c);
      }
      if (page.length < PAGE) break;
    }
    c.replaying = false;
    const held = c.held.sort((a, b) => a.seq - b.seq);
    c.held = [];
    c.heldBytes = 0;
    for (const h of held) this.deliver(c, h.seq, h.text);
    this.maybeSettle(c);
  }

  private keep(c: CatchUp, seq: number, text: string): void {
    c.held.push({ seq, text });
    c.heldBytes += text.length;
    // A replay that cannot keep up with live traffic must not grow memory: reconnect later.
    if (c.heldBytes > this.ctx.config.maxBackpressureBytes) {
      this.ctx.outbound.closeSlow(c.conn, 'live traffic outran the resume');
    }
  }

  private deliver(c: CatchUp, seq: number, text: string): void {
    if (seq <= c.top || c.above.has(seq)) return;
    c.above.add(seq);
    while (c.above.delete(c.top + 1)) c.top++;
    this.ctx.outbound.send(c.conn, text);
  }

  private maybeSettle(c: CatchUp): void {
    if (c.done) return;
    if ((this.publishedMax.get(c.chatId) ?? 0) >= c.top) return this.finish(c);
    c.timer ??= setTimeout(() => this.finish(c), SETTLE_MS);
  }

  private fail(c: CatchUp, err: unknown): void {
    this.finish(c, 'failed');
    const e = toFrameError(err);
    if (e.unexpected) this.ctx.log.error({ err, userId: c.conn.userId, chatId: c.chatId }, 'resume failed');
    this.ctx.metrics.errorsTotal.inc({ code: e.code, via: 'ws' });
    this.ctx.outbound.send(c.conn, errorFrame(e.code, e.message, { channel: chatChannel(c.chatId) }));
  }

  private add(c: CatchUp): void {
    let set = this.active.get(c.chatId);
    if (!set) this.active.set(c.chatId, (set = new Set()));
    set.add(c);
    let mine = this.byConn.get(c.conn);
    if (!mine) this.byConn.set(c.conn, (mine = new Map()));
    mine.set(c.chatId, c);
  }

  /** Without an outcome: the replay ran to its end, or stopped because the socket closed. */
  private finish(c: CatchUp, outcome?: Outcome): void {
    if (c.done) return;
    c.done = true;
    this.ctx.metrics.replaysTotal.inc({ outcome: outcome ?? (c.conn.closed ? 'cancelled' : 'completed') });
    c.wake?.();
    if (c.timer) clearTimeout(c.timer);
    c.held = [];
    const set = this.active.get(c.chatId);
    set?.delete(c);
    if (set?.size === 0) this.active.delete(c.chatId);
    const mine = this.byConn.get(c.conn);
    if (mine?.get(c.chatId) === c) mine.delete(c.chatId);
    if (mine?.size === 0) this.byConn.delete(c.conn);
    this.ctx.hub.release(c.conn, c.topic);
  }
}
