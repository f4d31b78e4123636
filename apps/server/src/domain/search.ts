/**
 * Message search across the caller's chats. The query language is the protocol's
 * (search/query.ts); which chats may be searched is decided inside the store's one
 * statement (membership at that moment), so there is no window in which a chat the
 * user just left could leak hits.
 */
import { LIMITS, SEARCH_DEFAULT_LIMIT, isSearchEmpty, parseSearchQuery, type SearchResults } from '@parley/protocol';
import type { Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { Domain } from './domain.js';

export function createSearch(store: Store, chats: Domain['chats']): Domain['search'] {
  return {
    async messages(userId, input) {
      const query = parseSearchQuery(input.q);
      if (isSearchEmpty(query)) throw new AppError('invalid', 'q must contain a word or a filter (from:, in:, has:file, before:, after:)');
      if (input.chatId !== undefined) await chats.assertMember(input.chatId, userId);
      const limit = Math.min(Math.max(1, input.limit ?? SEARCH_DEFAULT_LIMIT), LIMITS.maxPageSize);
      const messages = await store.messages.search({ userId, query, chatId: input.chatId, beforeId: input.before, limit });
      const result: SearchResults = { messages, next_before: messages.length === limit ? messages.at(-1)!.id : null };
      return result;
    },
  };
}
