/**
 * Connection requests. POST /connections answers 201 with the pair's connection; if
 * one already exists (pending or accepted, requested by either side) that row is
 * returned unchanged, so retrying a request is safe.
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
