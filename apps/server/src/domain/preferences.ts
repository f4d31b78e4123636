/**
 * Notification preferences: stored per user, changed from any device, and announced to
 * every socket of that user (all nodes, through the bus) so each device applies them live.
 * A chat can only be given a mode other than `all` while the user is in it; `all` (which
 * removes the entry) is always allowed, so a chat one left can still be cleaned up.
 */
import { MAX_CHAT_MODES, patchedChatIds, type Preferences, type PreferencesPatch } from '@parley/protocol';
import type { Store } from '../store/types.js';
import type { Domain } from './domain.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { RateLimiter } from './rateLimit.js';

export function createPreferences(deps: { store: Store; events: EventSink; limiter: RateLimiter }): Domain['preferences'] {
  const { store, events, limiter } = deps;
  return {
    get: (userId) => store.preferences.get(userId),

    async update(userId, patch: PreferencesPatch): Promise<Preferences> {
      limiter.consume('rest_write', userId);
      const modes = patch.chat_modes ?? {};
      const restricting = patchedChatIds(patch).filter((id) => modes[String(id)] !== 'all');
      if (restricting.length > 0) {
        const mine = new Set(await store.chats.chatIdsForUser(userId));
        const foreign = restricting.find((id) => !mine.has(id));
        if (foreign !== undefined) throw new AppError('forbidden', `not a member of chat ${foreign}`);
        const current = await store.preferences.get(userId);
        const after = new Set([...Object.keys(current.chat_modes), ...restricting.map(String)]);
        if (after.size > MAX_CHAT_MODES) throw new AppError('invalid', `at most ${MAX_CHAT_MODES} chats may have a notification mode other than "all"`);
      }
      const preferences = await store.preferences.update(userId, patch);
      events.publish({ kind: 'preferences_updated', userId, preferences });
      return preferences;
    },
  };
}
