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

/**
 * Member lists of recently used chats. A chat's members are fixed when it is created
 * (nothing adds or removes them later), so an entry never goes stale, on this node or
 * any other sharing the store; the bound only caps memory. Every message send needs
 * the list, and reading it from the cache instead of the database is a large part of
 * what a send costs.
 */
const MEMBER_CACHE_CHATS = 50_000;

export function createChats(store: Store, events: EventSink, limiter: RateLimiter): Domain['chats'] {
  const memberCache = new Map<number, number[]>();

  async function memberIds(chatId: number): Promise<number[]> {
    const cached = memberCache.get(chatId);
    if (cached) return cached;
    const ids = await store.chats.memberIds(chatId);
    // An empty list means no such chat (yet): not cached, so a chat created later is found.
    if (ids.length > 0) remember(chatId, ids);
    return ids;
  }

  function remember(chatId: number, ids: number[]): void {
    if (memberCache.size >= MEMBER_CACHE_CHATS) memberCache.delete(memberCache.keys().next().value!);
    memberCache.set(chatId, ids);
  }

  async function assertMember(chatId: number, userId: number): Promise<void> {
    const cached = memberCache.get(chatId);
    if (cached?.includes(userId)) return;
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
      remember(chat.id, chat.member_ids);
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

    memberIds,

    async markRead(userId, chatId, seq) {
      await assertMember(chatId, userId);
      // Never past the last message, or messages sent later would arrive already "read".
      const last = await store.messages.lastSeq(chatId);
      await store.chats.markRead(chatId, userId, Math.min(seq, last));
    },
  };
}
