/**
 * Chats and membership. Only accepted connections can be put in a chat together; the
 * creator is always a member. A 1:1 chat (one other member, no title) is unique per
 * pair; anything else is a group whose creator is its first admin.
 */
import { LIMITS } from '@parley/protocol';
import type { Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { Domain } from './domain.js';
import { MemberCache } from './memberCache.js';
import type { RateLimiter } from './rateLimit.js';
import { cleanText } from './text.js';

/** REST replay pages: the same cap as message pages. */
const MAX_EVENT_PAGE = 1000;

export interface ChatsDeps {
  store: Store;
  events: EventSink;
  limiter: RateLimiter;
  maxGroupMembers: number;
}

/** A title as stored: cleaned, cut by code point (never half an emoji), null when empty. */
export function cleanTitle(title: string | null | undefined): string | null {
  if (title == null) return null;
  return Array.from(cleanText(title)).slice(0, LIMITS.maxTitleChars).join('') || null;
}

export function createChats({ store, events, limiter, maxGroupMembers }: ChatsDeps): Domain['chats'] {
  const memberCache = new MemberCache();

  async function memberIds(chatId: number): Promise<number[]> {
    const cached = memberCache.get(chatId);
    if (cached) return cached;
    const ids = await store.chats.memberIds(chatId);
    // An empty list means no such chat (yet): not cached, so a chat created later is found.
    if (ids.length > 0) memberCache.set(chatId, ids);
    return ids;
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
    async create(userId, ids, title) {
      const others = [...new Set(ids)].filter((id) => id !== userId);
      if (others.length === 0) throw new AppError('invalid', 'a chat needs at least one other member');
      if (others.length + 1 > maxGroupMembers) throw new AppError('invalid', `a group has at most ${maxGroupMembers} members`);
      const name = cleanTitle(title);
      limiter.consume('rest_write', userId);
      const connected = await Promise.all(others.map((id) => store.connections.areConnected(userId, id)));
      const stranger = others.find((_, i) => !connected[i]);
      if (stranger !== undefined) throw new AppError('forbidden', `user ${stranger} is not one of your connections`);
      const isGroup = name !== null || others.length > 1;
      const { chat, created } = isGroup
        ? { chat: await store.chats.create(name, [userId, ...others], userId), created: true }
        : await store.chats.openPair(userId, others[0]!);
      memberCache.set(chat.id, chat.member_ids);
      if (created) {
        events.publish({ kind: 'chat_created', chatId: chat.id, title: chat.title, memberIds: chat.member_ids, isGroup: chat.is_group, adminIds: chat.admin_ids });
      }
      return { chat: { id: chat.id, title: chat.title, member_ids: chat.member_ids, is_group: chat.is_group, admin_ids: chat.admin_ids }, created };
    },

    async list(userId) {
      return store.chats.listForUser(userId);
    },

    async detail(userId, chatId) {
      await assertMember(chatId, userId);
      const chat = await store.chats.detail(chatId);
      if (!chat) throw new AppError('not_found', 'chat not found');
      return chat;
    },

    assertMember,

    async chatIdsForUser(userId) {
      return store.chats.chatIdsForUser(userId);
    },

    memberIds,

    async markRead(userId, chatId, seq) {
      // Not rate-limited (clients mark read as messages arrive): a marker only moves
      // forward to the last seq, so the `read` frames one reader can cause are bounded
      // by the chat's own traffic.
      await assertMember(chatId, userId);
      // The store clamps to the last seq, or messages sent later would arrive already "read".
      // Only a marker that moved is announced: re-reading the same chat costs no frames.
      const readSeq = await store.chats.markRead(chatId, userId, seq);
      if (readSeq !== null) events.publish({ kind: 'read', chatId, userId, seq: readSeq });
    },

    async events(userId, chatId, afterSeq, limit) {
      await assertMember(chatId, userId);
      return store.messages.events(chatId, afterSeq, Math.min(Math.max(1, limit ?? LIMITS.maxPageSize), MAX_EVENT_PAGE));
    },

    observe(event) {
      if (event.kind !== 'chat_event') return;
      const e = event.event;
      if (e.type === 'member_added' || e.type === 'member_removed' || e.type === 'member_left') memberCache.apply(e.chat_id, e.seq, e.member_ids);
    },

    forgetCachedMembers() {
      memberCache.clear();
    },
  };
}
