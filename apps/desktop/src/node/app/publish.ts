/**
 * Reads views back from the cache after a change and pushes them to the renderer, so
 * the UI always shows what the cache holds. The tray badge is recomputed from the same
 * chat views, coalesced so a catch-up of thousands of messages recomputes it once.
 */
import { badgeCount } from '../alerts/policy.js';
import type { CoreContext } from './context.js';

const BADGE_DEBOUNCE_MS = 150;

export class Publisher {
  private badgeTimer: { cancel(): void } | null = null;
  private lastBadge = -1;

  constructor(private readonly ctx: CoreContext) {}

  async chats(ids?: number[]): Promise<void> {
    const settings = await this.ctx.settings();
    const views = await this.ctx.cache.chatViews(this.ctx.me(), settings.preferences.chat_modes, ids);
    if (views.length) this.ctx.events.emit('chats.upserted', views);
    this.scheduleBadge();
  }

  async contacts(): Promise<void> {
    const settings = await this.ctx.settings();
    const contacts = await this.ctx.cache.contactViews(settings.starredUserIds);
    this.ctx.events.emit('contacts.changed', contacts);
    this.ctx.shell.emit('contacts', contacts);
  }

  async requests(): Promise<void> {
    this.ctx.events.emit('requests.changed', await this.ctx.cache.requestViews());
  }

  async badgeNow(): Promise<number> {
    const settings = await this.ctx.settings();
    const views = await this.ctx.cache.chatViews(this.ctx.me(), settings.preferences.chat_modes);
    const count = badgeCount(views);
    if (count !== this.lastBadge) {
      this.lastBadge = count;
      this.ctx.shell.emit('badge', count);
    }
    return count;
  }

  scheduleBadge(): void {
    if (this.badgeTimer) return;
    this.badgeTimer = this.ctx.clock.after(BADGE_DEBOUNCE_MS, () => {
      this.badgeTimer = null;
      if (this.ctx.session.userId === null) return;
      this.badgeNow().catch(() => undefined);
    });
  }

  /** Signed out: nothing is unread. */
  reset(): void {
    this.badgeTimer?.cancel();
    this.badgeTimer = null;
    this.lastBadge = 0;
    this.ctx.shell.emit('badge', 0);
  }
}
