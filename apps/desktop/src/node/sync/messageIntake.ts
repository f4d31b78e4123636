/**
 * Where chat messages enter the cache, whether live, replayed after `after_seq`, or
 * fetched over REST. Frames are gathered for one turn of the event loop and committed
 * as one transaction in the cache worker, so a catch-up of thousands of messages costs
 * a few round trips instead of thousands. Only after the commit do cursors move, the
 * UI hear about the rows, and alerts get a look at them — and only rows that were new.
 */
import type { Message, NewMessageFrame } from '@parley/protocol';
import type { AlertCandidate } from '../alerts/policy.js';
import type { CoreContext } from '../app/context.js';
import type { Publisher } from '../app/publish.js';
import type { InsertResult } from '../cache/messagesRepo.js';
import type { Outbox } from './outbox.js';

export interface IntakeHooks {
  /** Chats the cache had never seen: refresh the chat list. */
  unknownChats(chatIds: number[]): void;
  /** A gap between the cursor and the newest known seq: fetch it. */
  holes(holes: InsertResult['holes']): void;
}

export function frameToMessage(f: NewMessageFrame): Message {
  const m: Message = { id: f.message_id, chat_id: f.chat_id, seq: f.seq, sender_id: f.sender_id, content: f.content, attachment: f.attachment ?? null, timestamp: f.timestamp };
  if (f.client_id) m.client_id = f.client_id;
  return m;
}

export class MessageIntake {
  private queue: Message[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: CoreContext,
    private readonly publish: Publisher,
    private readonly outbox: Outbox,
    private readonly hooks: IntakeHooks,
  ) {}

  /** Queues a live or replayed message; committed with the rest of this turn's messages. */
  push(message: Message): void {
    this.queue.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.queue;
      this.queue = [];
      this.chain = this.chain.then(() => this.commit(batch)).catch((err: unknown) => {
        if (!this.ctx.closing) console.error('message intake failed', err);
      });
    });
  }

  /** Commits messages now (REST pages), after anything already queued. */
  add(messages: Message[]): Promise<void> {
    const run = this.chain.then(() => this.commit(messages));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when everything pushed so far is committed. */
  async idle(): Promise<void> {
    for (let i = 0; i < 1000 && (this.scheduled || this.queue.length); i++) await new Promise((r) => setImmediate(r));
    await this.chain;
  }

  private async commit(messages: Message[]): Promise<void> {
    if (!messages.length || this.ctx.session.userId === null) return;
    const me = this.ctx.me();
    const result = await this.ctx.cache.insertMessages(me, messages);
    this.outbox.settled(result.settled);
    if (result.unknownChats.length) this.hooks.unknownChats(result.unknownChats);
    if (result.holes.length) this.hooks.holes(result.holes);
    if (!result.inserted.length) return;
    this.ctx.events.emit('messages.upserted', result.inserted);
    const chatIds = [...new Set(result.inserted.map((m) => m.chat_id))];
    const settings = await this.ctx.settings();
    const chats = new Map((await this.ctx.cache.chatViews(me, settings.mutedChatIds, chatIds)).map((c) => [c.id, c]));
    if (chats.size) this.ctx.events.emit('chats.upserted', [...chats.values()]);
    this.publish.scheduleBadge();
    const names = new Map<number, string>();
    const candidates: AlertCandidate[] = [];
    for (const m of result.inserted) {
      if (m.id === null || m.seq === null || m.sender_id === me) continue;
      if (!names.has(m.sender_id)) names.set(m.sender_id, await this.ctx.cache.userName(m.sender_id));
      const chat = chats.get(m.chat_id);
      candidates.push({
        kind: 'message',
        messageId: m.id,
        chatId: m.chat_id,
        seq: m.seq,
        senderId: m.sender_id,
        senderName: names.get(m.sender_id) ?? `User ${m.sender_id}`,
        chatTitle: chat?.title ?? null,
        content: m.attachment && !m.content ? 'Sent an attachment' : m.content,
        readSeq: chat?.read_seq ?? 0,
      });
    }
    await this.ctx.alerts.offer(candidates);
  }
}
