/**
 * Outgoing chat messages. Every message is first written to the cache's outbox with a
 * client_id (a UUID), then sent on the socket when one is up, in the order written.
 * It stays "pending" until the server's `new_message` echo carrying that client_id is
 * stored (messagesRepo settles it in the same transaction), so a send interrupted by
 * a dropped socket is simply sent again on the next connection: the server dedupes by
 * (sender, client_id), so each message is stored exactly once.
 *
 * An error frame naming the client_id marks it "failed" (too long, forbidden…), except
 * `rate_limited`, which is retried after the delay the server asks for. A message with
 * no echo within ACK_TIMEOUT_MS while online is also marked failed; retrying it is safe.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorFrame } from '@parley/protocol';
import type { MessageView } from '../../common/views.js';
import type { TimerHandle } from '../connection/clock.js';
import type { CoreContext } from '../app/context.js';
import type { Publisher } from '../app/publish.js';
import { outboxView, type OutboxRow } from '../cache/rows.js';

const ACK_TIMEOUT_MS = 20_000;

export class Outbox {
  private readonly ackTimers = new Map<string, TimerHandle>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly publish: Publisher,
  ) {}

  async send(chatId: number, content: string, attachment: string | null, replyToSeq: number | null = null, mentions: number[] = []): Promise<MessageView> {
    const view = await this.ctx.cache.outboxAdd(this.ctx.me(), {
      clientId: randomUUID(),
      chatId,
      content,
      attachment,
      createdAt: new Date(this.ctx.clock.now()).toISOString(),
      replyToSeq,
      mentions,
    });
    this.ctx.events.emit('messages.upserted', [view]);
    void this.publish.chats([chatId]).catch((err: unknown) => this.report(err));
    const row = await this.ctx.cache.outboxGet(view.client_id as string);
    if (row) this.transmit(row);
    return view;
  }

  async retry(clientId: string): Promise<MessageView | null> {
    const row = await this.ctx.cache.outboxSetState(clientId, 'pending', null, false);
    if (!row) return null;
    const view = await this.viewOf(row);
    this.ctx.events.emit('messages.upserted', [view]);
    this.transmit(row);
    return view;
  }

  /** The socket is (back) up: send everything still pending, oldest first. */
  async flush(): Promise<void> {
    for (const row of await this.ctx.cache.outboxPending()) {
      if (!this.transmit(row)) return;
    }
  }

  /** Echoes arrived for these client_ids: stop waiting for them. */
  settled(clientIds: string[]): void {
    for (const id of clientIds) {
      this.ackTimers.get(id)?.cancel();
      this.ackTimers.delete(id);
    }
  }

  /** An error frame from the server; returns true if it concerned an outbox entry. */
  async onError(frame: ErrorFrame): Promise<boolean> {
    const clientId = frame.client_id;
    if (!clientId) return false;
    const row = await this.ctx.cache.outboxGet(clientId);
    if (!row) return false;
    this.settled([clientId]);
    if (frame.code === 'rate_limited') {
      this.ctx.clock.after(Math.max(250, frame.retry_after_ms ?? 1000), () => void this.resend(clientId).catch((err: unknown) => this.report(err)));
      return true;
    }
    await this.fail(clientId, frame.message || frame.code);
    return true;
  }

  dispose(): void {
    for (const timer of this.ackTimers.values()) timer.cancel();
    this.ackTimers.clear();
  }

  private async resend(clientId: string): Promise<void> {
    const row = await this.ctx.cache.outboxGet(clientId);
    if (row?.state === 'pending') this.transmit(row);
  }

  /** Puts one entry on the wire if the socket is up; false means "offline, keep it". */
  private transmit(row: OutboxRow): boolean {
    const frame: Record<string, unknown> = { channel: `messages/${row.chat_id}`, type: 'message', content: row.content, client_id: row.client_id };
    if (row.attachment) frame.attachment = row.attachment;
    if (row.reply_to_seq) frame.reply_to_seq = row.reply_to_seq;
    const mentions = JSON.parse(row.mentions) as number[];
    if (mentions.length > 0) frame.mentions = mentions;
    if (!this.ctx.socket.send(frame)) return false;
    this.ackTimers.get(row.client_id)?.cancel();
    this.ackTimers.set(
      row.client_id,
      this.ctx.clock.after(ACK_TIMEOUT_MS, () => {
        this.ackTimers.delete(row.client_id);
        // Still online and still no echo: something is wrong beyond a dropped socket.
        if (this.ctx.socket.isOnline) void this.fail(row.client_id, 'No answer from the server').catch((err: unknown) => this.report(err));
      }),
    );
    return true;
  }

  private async fail(clientId: string, error: string): Promise<void> {
    const row = await this.ctx.cache.outboxSetState(clientId, 'failed', error, true);
    if (row) this.ctx.events.emit('messages.upserted', [await this.viewOf(row)]);
  }

  private async viewOf(row: OutboxRow): Promise<MessageView> {
    return outboxView(row, this.ctx.me());
  }

  /** Timer-driven work has no caller to tell; the row stays in the outbox and is sent again. */
  private report(err: unknown): void {
    if (!this.ctx.closing) console.error('outbox:', err);
  }
}
