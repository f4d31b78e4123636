/**
 * Group membership and title. Each change appends one event (checked by the store in
 * the appending transaction), updates this node's member cache at once — so a removed
 * member's next send through this node is refused — and is then published, which
 * updates every other node's cache and revokes the member's open sockets everywhere.
 */
import type { ChatEventLimits } from '../config.js';
import type { ChatEventChange, Store } from '../store/types.js';
import { cleanTitle } from './chats.js';
import { AppError } from './errors.js';
import type { Domain } from './domain.js';
import type { DomainEvent, EventSink } from './events.js';
import type { RateLimiter } from './rateLimit.js';

export interface MembersDeps {
  store: Store;
  events: EventSink;
  limiter: RateLimiter;
  chats: Domain['chats'];
  limits: ChatEventLimits;
}

export function createMembers({ store, events, limiter, chats, limits }: MembersDeps): Domain['members'] {
  async function append(chatId: number, actorId: number, change: ChatEventChange) {
    await chats.assertMember(chatId, actorId);
    limiter.consume('message', actorId);
    const { event } = await store.messages.appendEvent({ chatId, actorId, change });
    if (!event) throw new Error(`membership change ${change.type} in chat ${chatId} wrote no event`);
    // The added member's `chat_created` needs the chat as it is now.
    const chat = event.type === 'member_added' ? await store.chats.byId(chatId) : null;
    const domainEvent: DomainEvent = {
      kind: 'chat_event',
      event,
      chat: chat ? { title: chat.title, isGroup: chat.is_group, adminIds: chat.admin_ids } : null,
    };
    chats.observe(domainEvent);
    events.publish(domainEvent);
    return event;
  }

  async function leave(userId: number, chatId: number) {
    return append(chatId, userId, { type: 'member_left' });
  }

  return {
    async add(userId, chatId, memberId) {
      if (memberId === userId) throw new AppError('invalid', 'you are already a member');
      await chats.assertMember(chatId, userId);
      if (!(await store.connections.areConnected(userId, memberId))) {
        throw new AppError('forbidden', `user ${memberId} is not one of your connections`);
      }
      return append(chatId, userId, { type: 'member_added', userId: memberId, maxMembers: limits.maxGroupMembers });
    },

    async remove(userId, chatId, memberId) {
      if (memberId === userId) return leave(userId, chatId);
      return append(chatId, userId, { type: 'member_removed', userId: memberId });
    },

    leave,

    async rename(userId, chatId, title) {
      return append(chatId, userId, { type: 'chat_renamed', title: cleanTitle(title) });
    },
  };
}
