/**
 * Message search for the renderer: the cache's full-text index first (it answers with
 * the server down), merged with the server's GET /search for history this device never
 * downloaded. Both sources order by message id (newest first) and page by "ids below
 * this one", so the merged page is exact: the top `limit` ids of the union, and the next
 * page continues below the last of them. A message both sources return is shown once,
 * from the cache (it may be newer there: an edit applied live).
 */
import { SEARCH_DEFAULT_LIMIT, isSearchEmpty, parseSearchQuery, type Message } from '@parley/protocol';
import type { MessageView, SearchResultsView } from '../../common/views.js';
import type { CoreContext } from '../app/context.js';
import { ApiError } from '../session/apiClient.js';

export interface SearchRequest {
  q: string;
  chatId?: number;
  before?: number;
}

function serverHitView(m: Message): MessageView {
  return {
    key: `m${m.id}`,
    id: m.id,
    seq: m.seq,
    chat_id: m.chat_id,
    sender_id: m.sender_id,
    content: m.content,
    attachment: m.attachment,
    timestamp: m.timestamp,
    client_id: m.client_id ?? null,
    state: 'sent',
    edited_at: m.edited_at ?? null,
    deleted: m.deleted ?? false,
    reply_to_seq: m.reply_to_seq ?? null,
    reactions: m.reactions ?? [],
    mentions: m.mentions ?? [],
  };
}

export async function searchMessages(ctx: CoreContext, req: SearchRequest, limit = SEARCH_DEFAULT_LIMIT): Promise<SearchResultsView> {
  const query = parseSearchQuery(req.q);
  if (isSearchEmpty(query)) return { hits: [], nextBefore: null, serverSearched: false };
  const local = await ctx.cache.searchMessages(ctx.me(), { query, chatId: req.chatId, beforeId: req.before, limit });
  let remote: Message[] = [];
  let remoteHasMore = false;
  let serverSearched = false;
  // Offline (no live socket), a request could hang until its timeout on a dead network:
  // the cache answers at once instead.
  if (ctx.socket.isOnline) {
    try {
      const page = await ctx.api.search({ q: req.q, chat_id: req.chatId, before: req.before, limit });
      remote = page.messages;
      remoteHasMore = page.next_before !== null;
      serverSearched = true;
    } catch (err) {
      // The server could not answer (gone meanwhile, or refused): the cache's answer stands alone.
      if (!(err instanceof ApiError)) throw err;
    }
  }
  const byId = new Map<number, MessageView>();
  for (const hit of local) if (hit.id !== null) byId.set(hit.id, hit);
  for (const m of remote) if (!byId.has(m.id)) byId.set(m.id, serverHitView(m));
  const hits = [...byId.values()].sort((a, b) => (b.id ?? 0) - (a.id ?? 0)).slice(0, limit);
  const more = local.length === limit || remoteHasMore || byId.size > limit;
  return { hits, nextBefore: more && hits.length > 0 ? (hits.at(-1)!.id ?? null) : null, serverSearched };
}
