/**
 * POST /blocks/:user_id (201, or 200 when already blocked), DELETE /blocks/:user_id (204)
 * and GET /blocks (the people I blocked). See domain/blocks.ts for what a block does.
 */
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam } from '../validate.js';

export function blockRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'post',
      pattern: '/blocks/:user_id',
      auth: true,
      body: 'none',
      async handle(ctx) {
        const { created, blocked } = await domain.blocks.block(ctx.userId, idParam(ctx.params.user_id, 'user'));
        return { status: created ? 201 : 200, json: blocked };
      },
    },
    {
      method: 'delete',
      pattern: '/blocks/:user_id',
      auth: true,
      async handle(ctx) {
        await domain.blocks.unblock(ctx.userId, idParam(ctx.params.user_id, 'user'));
        return { status: 204 };
      },
    },
    {
      method: 'get',
      pattern: '/blocks',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.blocks.list(ctx.userId) };
      },
    },
  ];
}
