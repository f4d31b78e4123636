/**
 * Connection requests. POST /connections answers 201 with the pair's connection; if
 * one already exists (pending or accepted, requested by either side) that row is
 * returned unchanged, so retrying a request is safe. POST /connections/:id/decline (the
 * addressee) and DELETE /connections/:id (either side: decline, cancel or remove) end
 * it with 204 and a `connection_removed` frame to both.
 */
import { CreateConnectionRequest } from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam, parseWith } from '../validate.js';

export function connectionRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'post',
      pattern: '/connections',
      auth: true,
      async handle(ctx) {
        const { to_user_id } = parseWith(CreateConnectionRequest, ctx.body);
        return { status: 201, json: await domain.connections.request(ctx.userId, to_user_id) };
      },
    },
    {
      method: 'post',
      pattern: '/connections/:id/accept',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.connections.accept(ctx.userId, idParam(ctx.params.id, 'connection request')) };
      },
    },
    {
      method: 'post',
      pattern: '/connections/:id/decline',
      auth: true,
      async handle(ctx) {
        await domain.connections.decline(ctx.userId, idParam(ctx.params.id, 'connection request'));
        return { status: 204 };
      },
    },
    {
      method: 'delete',
      pattern: '/connections/:id',
      auth: true,
      async handle(ctx) {
        await domain.connections.remove(ctx.userId, idParam(ctx.params.id, 'connection'));
        return { status: 204 };
      },
    },
    {
      method: 'get',
      pattern: '/connections',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.connections.listAccepted(ctx.userId) };
      },
    },
    {
      method: 'get',
      pattern: '/connections/requests',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.connections.listRequests(ctx.userId) };
      },
    },
  ];
}
