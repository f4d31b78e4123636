/**
 * Blocking someone: no requests, no 1:1 messages, no presence, in both directions. The
 * connection or request between the two ends with the block (one store transaction),
 * and both sides hear `connection_removed` — the blocked one with reason `removed`.
 */
import type { BlockedUser } from '@parley/protocol';
import type { Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { Domain } from './domain.js';
import type { RateLimiter } from './rateLimit.js';

export function createBlocks(store: Store, events: EventSink, limiter: RateLimiter): Domain['blocks'] {
  return {
    async block(userId, targetId) {
      if (userId === targetId) throw new AppError('invalid', 'you cannot block yourself');
      limiter.consume('rest_write', userId);
      const target = await store.users.byId(targetId);
      if (!target) throw new AppError('not_found', 'user not found');
      const { created, removedConnection } = await store.blocks.add(userId, targetId);
      if (removedConnection) events.publish({ kind: 'connection_removed', connection: removedConnection, actorId: userId, reason: 'blocked' });
      const row = (await store.blocks.list(userId)).find((b) => b.blocked.id === targetId);
      const blocked: BlockedUser = { user: { id: target.id, full_name: target.full_name }, blocked_at: row?.created_at ?? new Date().toISOString() };
      return { created, blocked };
    },

    async unblock(userId, targetId) {
      limiter.consume('rest_write', userId);
      if (!(await store.blocks.remove(userId, targetId))) throw new AppError('not_found', 'you have not blocked this user');
    },

    async list(userId) {
      return (await store.blocks.list(userId)).map((b) => ({ user: { id: b.blocked.id, full_name: b.blocked.full_name }, blocked_at: b.created_at }));
    },
  };
}
