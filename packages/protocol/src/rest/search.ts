import { z } from 'zod';
import { Id } from '../common.js';
import { Message } from './chats.js';
import { MAX_SEARCH_QUERY_CHARS } from '../search/query.js';

/**
 * GET /search?q=&chat_id=&before=&limit= — messages of every chat the caller is a member
 * of right now (never of a chat they left or were removed from), newest first. `q` uses
 * the search language of search/query.ts (words, "phrases", from:, in:, has:file,
 * before:, after:). `before` is the cursor: a message id from `next_before`.
 */
export const SearchQuery = z.object({
  q: z.string().max(MAX_SEARCH_QUERY_CHARS * 4),
  chat_id: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().positive().max(100).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** One page of hits; `next_before` is the cursor for the next (older) page, null at the end. */
export const SearchResults = z.object({
  messages: z.array(Message),
  next_before: Id.nullable(),
});
export type SearchResults = z.infer<typeof SearchResults>;

export const SEARCH_DEFAULT_LIMIT = 30;
