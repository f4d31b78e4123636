/**
 * Notification preferences live on the server, shared by all of the user's devices. This
 * keeps the cache's copy current — fetched on every (re)connect, replaced by each
 * `preferences_updated` frame, and by the reply to a change made here — keeping only the
 * newest version, and republishes what depends on it (settings, chat mute marks, badge).
 * Desktop-local settings (theme, start at login, the notification switch) stay in the cache.
 */
import { DEFAULT_PREFERENCES, type NotificationMode, type Preferences, type PreferencesPatch } from '@parley/protocol';
import type { Settings } from '../../common/views.js';
import { dndActive } from '../alerts/policy.js';
import type { CoreContext } from '../app/context.js';
import type { Publisher } from '../app/publish.js';
import { BridgeError } from '../bridge/dispatch.js';
import type { TimerHandle } from '../connection/clock.js';
import { ApiError } from '../session/apiClient.js';

/** Longest wait a Node timer takes (about 24.8 days); a DND ending later is re-armed at the next start. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Local settings with the fields derived from the server's preferences filled in. */
export function withPreferences(local: Settings, preferences: Preferences, now: number): Settings {
  return {
    ...local,
    preferences,
    doNotDisturb: dndActive(preferences.dnd, now),
    mutedChatIds: chatIdsWithMode(preferences, 'none'),
  };
}

export function chatIdsWithMode(preferences: Preferences, mode: NotificationMode): number[] {
  return Object.entries(preferences.chat_modes)
    .filter(([, m]) => m === mode)
    .map(([id]) => Number(id));
}

export class PreferencesSync {
  private dndEnd: TimerHandle | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly publish: Publisher,
  ) {}

  /** After (re)connecting: the server's copy, plus a one-time move of mutes kept only on this device by older versions. */
  async load(): Promise<void> {
    let fresh = await this.ctx.api.preferences();
    const legacy = await this.legacyLocalPatch(fresh);
    if (legacy) fresh = await this.ctx.api.updatePreferences(legacy);
    await this.apply(fresh);
    this.watchDndEnd(await this.ctx.cache.preferences());
  }

  /** A `preferences_updated` frame, or the answer to a change. */
  async apply(preferences: Preferences): Promise<void> {
    if (!(await this.ctx.cache.storePreferences(preferences))) return;
    this.ctx.events.emit('settings.changed', await this.ctx.settings());
    this.watchDndEnd(preferences);
    await this.publish.chats();
  }

  /**
   * Do-not-disturb with an end time ends by itself: the policy checks the time on every
   * alert, and this tells the UI (which shows "Do not disturb" on) at that moment.
   */
  private watchDndEnd(preferences: Preferences): void {
    this.dndEnd?.cancel();
    this.dndEnd = null;
    const { enabled, until } = preferences.dnd;
    if (!enabled || until === null) return;
    const wait = Date.parse(until) - this.ctx.clock.now();
    if (wait <= 0 || wait > MAX_TIMER_MS) return;
    this.dndEnd = this.ctx.clock.after(wait + 1, () => {
      this.dndEnd = null;
      if (this.ctx.session.userId === null) return;
      void this.ctx.settings().then((settings) => this.ctx.events.emit('settings.changed', settings)).catch(() => undefined);
    });
  }

  /** Signed out or closing: no timer outlives the session. */
  dispose(): void {
    this.dndEnd?.cancel();
    this.dndEnd = null;
  }

  /** Saves a change on the server (all devices get it) and applies the result here at once. */
  async update(patch: PreferencesPatch): Promise<Settings> {
    try {
      await this.apply(await this.ctx.api.updatePreferences(patch));
    } catch (err) {
      if (err instanceof ApiError && err.isNetwork) throw new BridgeError('offline', 'Notification settings are saved on the server; try again when online.');
      throw err;
    }
    return this.ctx.settings();
  }

  /**
   * Before preferences were synced, mutes and do-not-disturb were kept in this device's
   * settings. The first time the server has nothing yet (version 0), they are sent up
   * once and then dropped locally, so nobody finds their muted chats loud after upgrading.
   */
  private async legacyLocalPatch(server: Preferences): Promise<PreferencesPatch | null> {
    const local = (await this.ctx.cache.getJson('settings')) as { mutedChatIds?: number[]; doNotDisturb?: boolean } | null;
    if (!local || (!local.mutedChatIds?.length && !local.doNotDisturb)) return null;
    await this.ctx.cache.setJson('settings', { ...local, mutedChatIds: [], doNotDisturb: false });
    if (server.version !== DEFAULT_PREFERENCES.version) return null;
    const views = await this.ctx.cache.chatViews(this.ctx.me(), {});
    const mine = new Set(views.filter((c) => !c.ended).map((c) => c.id));
    const muted = (local.mutedChatIds ?? []).filter((id) => mine.has(id));
    const patch: PreferencesPatch = {};
    if (muted.length) patch.chat_modes = Object.fromEntries(muted.map((id) => [String(id), 'none' as const]));
    if (local.doNotDisturb) patch.dnd = { enabled: true, until: null };
    return Object.keys(patch).length ? patch : null;
  }
}
