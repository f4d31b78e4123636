/** GET /search?q=&chat_id=&before=&limit= — message search over the caller's chats. */
import { SearchQuery } from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { parseWith, queryObject } from '../validate.js';

export function searchRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'get',
      pattern: '/search',
      auth: true,
      async handle(ctx) {
        const query = parseWith(SearchQuery, { q: '', ...queryObject(ctx.query) });
        return {
          status: 200,
          json: await domain.search.messages(ctx.userId, { q: query.q, chatId: query.chat_id, before: query.before, limit: query.limit }),
        };
      },
    },
  ];
}
