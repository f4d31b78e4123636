/**
 * Chats and membership. Only accepted connections can be put in a chat together; the
 * creator is always a member.
 */
import type { Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { Domain } from './domain.js';
import type { RateLimiter } from './rateLimit.js';
import { cleanText } from './text.js';

const MAX_TITLE_CHARS = 200;

export function createChats(store: Store, events: EventSink, limiter: RateLimiter): Domain['chats'] {
  async function assertMember(chatId: number, userId: number): Promise<void> {
    if (await store.chats.isMember(chatId, userId)) return;
    // Only a non-member learns whether the chat exists, and only as 404 vs 403.
    if (!(await store.chats.byId(chatId))) throw new AppError('not_found', 'chat not found');
    throw new AppError('forbidden', 'you are not a member of this chat');
  }

  return {
    async create(userId, memberIds, title) {
      const others = [...new Set(memberIds)].filter((id) => id !== userId);
      if (others.length === 0) throw new AppError('invalid', 'a chat needs at least one other member');
      const cleanTitle = title == null ? '' : Array.from(cleanText(title)).slice(0, MAX_TITLE_CHARS).join(''); // by code point: never half an emoji
      limiter.consume('rest_write', userId);
      const connected = await Promise.all(others.map((id) => store.connections.areConnected(userId, id)));
      const stranger = others.find((_, i) => !connected[i]);
      if (stranger !== undefined) throw new AppError('forbidden', `user ${stranger} is not one of your connections`);
      const chat = await store.chats.create(cleanTitle || null, [userId, ...others]);
      events.publish({ kind: 'chat_created', chatId: chat.id, title: chat.title, memberIds: chat.member_ids });
      return { id: chat.id, title: chat.title, member_ids: chat.member_ids };
    },

    async list(userId) {
      return store.chats.listForUser(userId);
    },

    assertMember,

    async chatIdsForUser(userId) {
      return store.chats.chatIdsForUser(userId);
    },

    async memberIds(chatId) {
      return store.chats.memberIds(chatId);
    },

    async markRead(userId, chatId, seq) {
      await assertMember(chatId, userId);
      // Never past the last message, or messages sent later would arrive already "read".
      const last = await store.messages.lastSeq(chatId);
      await store.chats.markRead(chatId, userId, Math.min(seq, last));
    },
  };
}
