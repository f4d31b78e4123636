/**
 * Where a chat's stream enters the cache — messages and the events that change them
 * (edits, tombstones, reactions, membership, renames) — whether live, replayed after
 * `after_seq`, or fetched over REST. Frames are gathered for one turn of the event loop
 * and committed as one transaction in the cache worker, so a catch-up of thousands of
 * events costs a few round trips instead of thousands. Only after the commit do cursors
 * move, the UI hear about the rows, and alerts get a look at them — and only at messages
 * that were new. Attachment names the server sent with messages are kept first, so a
 * message from someone else shows "report.pdf" as soon as it is shown at all.
 */
import type { ChatEvent, Message } from '@parley/protocol';
import type { AlertCandidate } from '../alerts/policy.js';
import type { CoreContext } from '../app/context.js';
import type { Publisher } from '../app/publish.js';
import type { InsertResult, PageCoverage } from '../cache/messagesRepo.js';
import type { Outbox } from './outbox.js';

export interface IntakeHooks {
  /** Chats the cache had never seen: refresh the chat list. */
  unknownChats(chatIds: number[]): void;
  /** A gap between the cursor and the newest known seq: fetch it. */
  holes(holes: InsertResult['holes']): void;
  /** Chats whose title, members or my membership changed. */
  chatsChanged(chatIds: number[]): void;
}

/** The `attachment_name` the server sent with each message, by attachment URL. */
function attachmentNamesOf(items: ReadonlyArray<ChatEvent | Message>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const item of items) {
    if (!('attachment' in item) || !item.attachment || !item.attachment_name) continue;
    names[item.attachment] = item.attachment_name;
  }
  return names;
}

export class MessageIntake {
  private queue: ChatEvent[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: CoreContext,
    private readonly publish: Publisher,
    private readonly outbox: Outbox,
    private readonly hooks: IntakeHooks,
  ) {}

  /** Queues a live or replayed event; committed with the rest of this turn's events. */
  push(event: ChatEvent): void {
    this.queue.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.queue;
      this.queue = [];
      this.chain = this.chain.then(() => this.commit(() => this.ctx.cache.applyEvents(this.ctx.me(), batch), batch)).catch((err: unknown) => {
        if (!this.ctx.closing) console.error('message intake failed', err);
      });
    });
  }

  /** Commits REST message rows now (history pages), after anything already queued. */
  add(messages: Message[], coverage?: PageCoverage): Promise<void> {
    if (!messages.length && !coverage) return this.chain;
    return this.enqueue(() => this.ctx.cache.insertMessages(this.ctx.me(), messages, coverage), messages);
  }

  /** Commits REST-replayed events now (GET /chats/:id/events), after anything already queued. */
  addEvents(events: ChatEvent[]): Promise<void> {
    if (!events.length) return this.chain;
    return this.enqueue(() => this.ctx.cache.applyEvents(this.ctx.me(), events), events);
  }

  private enqueue(write: () => Promise<InsertResult>, items: ReadonlyArray<ChatEvent | Message>): Promise<void> {
    const run = this.chain.then(() => this.commit(write, items));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Resolves when everything pushed so far is committed. */
  async idle(): Promise<void> {
    for (let i = 0; i < 1000 && (this.scheduled || this.queue.length); i++) await new Promise((r) => setImmediate(r));
    await this.chain;
  }

  /** Keeps names the server sent and tells the renderer about the ones it did not know. */
  private async rememberAttachmentNames(items: ReadonlyArray<ChatEvent | Message>): Promise<void> {
    const named = attachmentNamesOf(items);
    if (Object.keys(named).length === 0) return;
    const changed = await this.ctx.cache.nameAttachments(named);
    if (Object.keys(changed).length > 0) this.ctx.events.emit('attachments.named', changed);
  }

  private async commit(write: () => Promise<InsertResult>, items: ReadonlyArray<ChatEvent | Message>): Promise<void> {
    if (this.ctx.session.userId === null) return;
    const me = this.ctx.me();
    await this.rememberAttachmentNames(items);
    const result = await write();
    this.outbox.settled(result.settled);
    if (result.unknownChats.length) this.hooks.unknownChats(result.unknownChats);
    if (result.holes.length) this.hooks.holes(result.holes);
    if (result.changedChats.length) this.hooks.chatsChanged(result.changedChats);
    if (result.updated.length) this.ctx.events.emit('messages.upserted', result.updated);
    if (!result.inserted.length) {
      // An edit or tombstone of the newest message changes the list preview and unread count.
      if (result.updated.length) await this.publish.chats([...new Set(result.updated.map((m) => m.chat_id))]);
      return;
    }
    this.ctx.events.emit('messages.upserted', result.inserted);
    const chatIds = [...new Set([...result.inserted, ...result.updated].map((m) => m.chat_id))];
    const settings = await this.ctx.settings();
    const chats = new Map((await this.ctx.cache.chatViews(me, settings.preferences.chat_modes, chatIds)).map((c) => [c.id, c]));
    if (chats.size) this.ctx.events.emit('chats.upserted', [...chats.values()]);
    this.publish.scheduleBadge();
    const names = new Map<number, string>();
    const candidates: AlertCandidate[] = [];
    for (const m of result.inserted) {
      if (m.id === null || m.seq === null || m.sender_id === me || m.deleted) continue;
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
        mentions: m.mentions ?? [],
      });
    }
    await this.ctx.alerts.offer(candidates);
  }
}
