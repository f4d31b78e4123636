/**
 * Keeps the cache in step with the server over the one socket. On every (re)open it
 * subscribes `messages/*` (live messages of every chat, including chats created later)
 * and each known chat as `messages/<id>` with `after_seq` = that chat's cursor (the
 * server replays what we missed, then goes live, with no gap or duplicate; both
 * subscriptions share one server topic, so nothing arrives twice), plus connections,
 * notifications, feed and online. Then it refreshes chats, contacts, requests and the
 * feed over REST, and sends the outbox and unsent read marks.
 */
import type { MultiplexedServerFrame } from '@parley/protocol';
import type { CoreContext } from '../app/context.js';
import type { Publisher } from '../app/publish.js';
import { ApiError } from '../session/apiClient.js';
import { FrameRouter } from './frameRouter.js';
import { MessageIntake } from './messageIntake.js';
import type { Outbox } from './outbox.js';
import { PreferencesSync } from './preferencesSync.js';

const STATIC_CHANNELS = ['messages/*', 'connections', 'notifications', 'feed', 'online'];
/** Pause before sending a rate-limited read mark again. */
const READ_RETRY_MS = 1000;
/** Events per page of a REST gap fill. */
const FILL_PAGE = 200;
/** Bounds a REST gap fill: at most this many pages per hole. */
const MAX_FILL_PAGES = 500;

export class SyncEngine {
  readonly intake: MessageIntake;
  readonly preferences: PreferencesSync;
  private readonly router: FrameRouter;
  /** Chats subscribed with after_seq on the current socket. */
  private subscribed = new Set<number>();
  private filling = new Set<number>();
  private refreshing: Promise<void> | null = null;
  private readsFlushing: Promise<void> | null = null;
  private readsAgain = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly publish: Publisher,
    private readonly outbox: Outbox,
  ) {
    this.intake = new MessageIntake(ctx, publish, outbox, {
      unknownChats: () => void this.refreshChats().catch((err: unknown) => this.report(err)),
      holes: (holes) => holes.forEach((h) => void this.fill(h.chatId, h.afterSeq).catch((err: unknown) => this.report(err))),
      chatsChanged: (chatIds) => void this.onChatsChanged(chatIds).catch((err: unknown) => this.report(err)),
    });
    this.preferences = new PreferencesSync(ctx, publish);
    this.router = new FrameRouter(ctx, publish, this.intake, outbox, () => this.refreshChats(), (chatId) => this.lostAccess(chatId), this.preferences);
    ctx.socket.on('open', () => void this.onOpen().catch((err: unknown) => this.report(err)));
    ctx.socket.on('frame', (frame) => void this.onFrame(frame).catch((err: unknown) => this.report(err)));
    let wasOnline = false;
    ctx.socket.on('state', (state) => {
      const online = state.state === 'online';
      // signed_out means stop (sign-out, quit): nothing to show then.
      if (wasOnline && !online && state.state !== 'signed_out' && this.ctx.session.userId !== null) void this.router.lostPresence().catch((err: unknown) => this.report(err));
      wasOnline = online;
    });
  }

  private async onOpen(): Promise<void> {
    this.subscribed = new Set();
    for (const channel of STATIC_CHANNELS) this.ctx.socket.send({ type: 'subscribe', channel });
    for (const { chatId, seq } of await this.ctx.cache.cursors()) this.subscribeChat(chatId, seq);
    await Promise.all([this.outbox.flush(), this.refreshAll()]);
    await this.flushReads();
  }

  private subscribeChat(chatId: number, afterSeq: number): void {
    if (this.subscribed.has(chatId)) return;
    if (this.ctx.socket.send({ type: 'subscribe', channel: `messages/${chatId}`, after_seq: afterSeq })) this.subscribed.add(chatId);
  }

  /** GET /chats; new chats get a cursor and a resume subscription. */
  refreshChats(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const summaries = await this.ctx.api.chats();
        await this.ctx.cache.upsertChats(summaries);
        const ids = new Set(summaries.map((c) => c.id));
        for (const { chatId, seq } of await this.ctx.cache.cursors()) if (ids.has(chatId)) this.subscribeChat(chatId, seq);
        await this.publish.chats();
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async refreshAll(): Promise<void> {
    const tasks: Promise<unknown>[] = [
      this.refreshChats(),
      this.preferences.load(),
      this.ctx.api.me().then(async (me) => {
        await this.ctx.cache.upsertUsers([me]);
        await this.ctx.session.updateUser(me);
      }),
      this.ctx.api.connections().then(async (peers) => {
        await this.ctx.cache.replaceContacts(peers);
        await this.publish.contacts();
      }),
      this.ctx.api.connectionRequests().then(async (requests) => {
        await this.ctx.cache.replaceRequests(requests);
        await this.publish.requests();
      }),
      this.ctx.api.posts({ limit: 50 }).then(async (posts) => {
        const views = await this.ctx.cache.upsertPosts(posts);
        if (views.length) this.ctx.events.emit('posts.upserted', views);
      }),
    ];
    const results = await Promise.allSettled(tasks);
    for (const r of results) if (r.status === 'rejected') this.report(r.reason);
  }

  /**
   * Sends read marks not yet acknowledged (made offline, or while a send was running).
   * One flush at a time: marks made meanwhile (a focused chat marks every new message)
   * are sent by one more pass, newest seq only, instead of a request each; a rate-limited
   * mark is tried again after a pause.
   */
  flushReads(): Promise<void> {
    if (this.readsFlushing) {
      this.readsAgain = true;
      return this.readsFlushing;
    }
    this.readsFlushing = (async () => {
      try {
        do {
          this.readsAgain = false;
          await this.sendReads();
        } while (this.readsAgain);
      } finally {
        this.readsFlushing = null;
      }
    })();
    return this.readsFlushing;
  }

  private async sendReads(): Promise<void> {
    for (const { chatId, seq } of await this.ctx.cache.readsToSend()) {
      try {
        await this.ctx.api.markRead(chatId, seq);
        await this.ctx.cache.readSent(chatId, seq);
      } catch (err) {
        if (err instanceof ApiError && err.isNetwork) return;
        if (err instanceof ApiError && err.status === 429) {
          this.ctx.clock.after(READ_RETRY_MS, () => void this.flushReads().catch((err: unknown) => this.report(err)));
          return;
        }
        // No longer a member: the mark can never be sent; keep it local.
        if (err instanceof ApiError && err.status === 403) await this.ctx.cache.readSent(chatId, seq);
        else this.report(err);
      }
    }
  }

  /** The server refuses me this chat (removed while away): keep its history, read-only. */
  async lostAccess(chatId: number): Promise<void> {
    // The membership event that caused the refusal may still be queued: let it land first.
    await this.intake.idle();
    this.subscribed.delete(chatId);
    if (await this.ctx.cache.markEnded(chatId, 'removed')) await this.publish.chats([chatId]);
  }

  /**
   * A chat's title, members or my membership changed: repaint it, and once I am no
   * longer a member, forget its subscription (the server has closed it) so that being
   * added again subscribes afresh.
   */
  private async onChatsChanged(chatIds: number[]): Promise<void> {
    const views = await this.ctx.cache.chatViews(this.ctx.me(), {}, chatIds);
    for (const view of views) if (view.ended) this.subscribed.delete(view.id);
    await this.publish.chats(chatIds);
  }

  /** Fills a hole over REST (the events replay, after_seq pages), one fill per chat at a time. */
  async fill(chatId: number, afterSeq: number): Promise<void> {
    if (this.filling.has(chatId)) return;
    this.filling.add(chatId);
    try {
      let cursor = afterSeq;
      for (let page = 0; page < MAX_FILL_PAGES; page++) {
        const events = await this.ctx.api.events(chatId, { after_seq: cursor, limit: FILL_PAGE });
        if (!events.length) break;
        await this.intake.addEvents(events);
        cursor = events[events.length - 1]?.seq ?? cursor;
        if (events.length < FILL_PAGE) break;
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) await this.lostAccess(chatId);
      else this.report(err);
    } finally {
      this.filling.delete(chatId);
    }
  }

  private async onFrame(frame: MultiplexedServerFrame): Promise<void> {
    // Heartbeat pongs (no channel) are ours; a pong to a renderer's ping names its channel.
    if (frame.type !== 'pong' || frame.channel) this.ctx.events.emit('socket.frame', { channel: frame.channel ?? '', frame });
    if (this.ctx.session.userId === null) return;
    await this.router.route(frame);
  }

  private report(err: unknown): void {
    if (this.ctx.closing) return;
    if (err instanceof ApiError && (err.isNetwork || err.status === 401)) return;
    console.error('sync:', err);
  }
}
