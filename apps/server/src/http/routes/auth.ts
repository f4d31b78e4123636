/** POST /auth/register, /auth/login (public) and /auth/refresh (needs a valid token). */
import { LoginRequest, RegisterRequest } from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { parseWith } from '../validate.js';

export function authRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'post',
      pattern: '/auth/register',
      auth: false,
      async handle(ctx) {
        return { status: 201, json: await domain.auth.register(parseWith(RegisterRequest, ctx.body)) };
      },
    },
    {
      method: 'post',
      pattern: '/auth/login',
      auth: false,
      async handle(ctx) {
        return { status: 200, json: await domain.auth.login(parseWith(LoginRequest, ctx.body)) };
      },
    },
    {
      method: 'post',
      pattern: '/auth/refresh',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.auth.refresh(ctx.userId) };
      },
    },
  ];
}
