/** GET /users/me, /users/:id and /users?q= (search). Email is only shown to its owner. */
import { UserSearchQuery } from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam, parseWith, queryObject } from '../validate.js';

export function userRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'get',
      pattern: '/users/me',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.users.me(ctx.userId) };
      },
    },
    {
      method: 'get',
      pattern: '/users/:id',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.users.get(ctx.userId, idParam(ctx.params.id, 'user')) };
      },
    },
    {
      method: 'get',
      pattern: '/users',
      auth: true,
      async handle(ctx) {
        const { q } = parseWith(UserSearchQuery, queryObject(ctx.query));
        return { status: 200, json: await domain.users.search(ctx.userId, q) };
      },
    },
  ];
}
