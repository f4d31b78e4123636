/**
 * PATCH /users/me (profile edit) and the administrator routes under /admin: users,
 * deactivation, reactivation and invites. The domain checks the caller's role.
 */
import { CreateInviteRequest, UpdateProfileRequest } from '@parley/protocol';
import { z } from 'zod';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam, parseWith, queryObject } from '../validate.js';

const UserPage = z.object({
  after_id: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function accountRoutes({ domain }: HttpDeps): Route[] {
  const setStatus = (status: 'active' | 'deactivated', verb: string): Route => ({
    method: 'post',
    pattern: `/admin/users/:id/${verb}`,
    auth: true,
    body: 'none',
    async handle(ctx) {
      return { status: 200, json: await domain.admin.setStatus(ctx.userId, idParam(ctx.params.id, 'user'), status) };
    },
  });
  return [
    {
      method: 'patch',
      pattern: '/users/me',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.profile.update(ctx.userId, parseWith(UpdateProfileRequest, ctx.body)) };
      },
    },
    {
      method: 'get',
      pattern: '/admin/users',
      auth: true,
      async handle(ctx) {
        const page = parseWith(UserPage, queryObject(ctx.query));
        return { status: 200, json: await domain.admin.listUsers(ctx.userId, page.after_id, page.limit) };
      },
    },
    setStatus('deactivated', 'deactivate'),
    setStatus('active', 'reactivate'),
    {
      method: 'post',
      pattern: '/admin/invites',
      auth: true,
      async handle(ctx) {
        const { expires_in_hours } = parseWith(CreateInviteRequest, ctx.body);
        return { status: 201, json: await domain.admin.createInvite(ctx.userId, expires_in_hours) };
      },
    },
    {
      method: 'get',
      pattern: '/admin/invites',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.admin.listInvites(ctx.userId) };
      },
    },
  ];
}
