/** GET and PATCH /users/me/preferences: notification preferences shared by all of my devices. */
import { PreferencesPatch } from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { parseWith } from '../validate.js';

export function preferenceRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'get',
      pattern: '/users/me/preferences',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.preferences.get(ctx.userId) };
      },
    },
    {
      method: 'patch',
      pattern: '/users/me/preferences',
      auth: true,
      async handle(ctx) {
        const patch = parseWith(PreferencesPatch, ctx.body);
        return { status: 200, json: await domain.preferences.update(ctx.userId, patch) };
      },
    },
  ];
}
