/**
 * POST /auth/register, /auth/login (public), /auth/refresh (a valid bearer token as in
 * SPEC §2, or `{refresh_token}` to rotate), and the session routes: GET /auth/sessions,
 * DELETE /auth/sessions/:id, POST /auth/logout, /auth/logout-all, /auth/password.
 */
import { ChangePasswordRequest, LoginRequest, RefreshRequest, RegisterRequest } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import type { HttpDeps } from '../deps.js';
import type { Ctx, Route } from '../router.js';
import { idParam, parseWith } from '../validate.js';

function claimsOf(ctx: Ctx) {
  if (!ctx.claims) throw new AppError('unauthorized', 'missing bearer token');
  return ctx.claims;
}

export function authRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'post',
      pattern: '/auth/register',
      auth: false,
      async handle(ctx) {
        return { status: 201, json: await domain.auth.register(parseWith(RegisterRequest, ctx.body), ctx.client) };
      },
    },
    {
      method: 'post',
      pattern: '/auth/login',
      auth: false,
      async handle(ctx) {
        return { status: 200, json: await domain.auth.login(parseWith(LoginRequest, ctx.body), ctx.client) };
      },
    },
    {
      method: 'post',
      pattern: '/auth/refresh',
      auth: 'optional',
      async handle(ctx) {
        const { refresh_token } = parseWith(RefreshRequest, ctx.body);
        // A refresh token decides on its own: the access token beside it may well have expired.
        if (refresh_token) return { status: 200, json: await domain.auth.rotate(refresh_token) };
        if (ctx.authError) throw ctx.authError;
        return { status: 200, json: await domain.auth.refresh(claimsOf(ctx)) };
      },
    },
    {
      method: 'get',
      pattern: '/auth/sessions',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.sessions.list(claimsOf(ctx)) };
      },
    },
    {
      method: 'delete',
      pattern: '/auth/sessions/:id',
      auth: true,
      async handle(ctx) {
        await domain.sessions.revoke(claimsOf(ctx), idParam(ctx.params.id, 'session'));
        return { status: 204 };
      },
    },
    {
      method: 'post',
      pattern: '/auth/logout',
      auth: true,
      async handle(ctx) {
        await domain.sessions.logout(claimsOf(ctx));
        return { status: 204 };
      },
    },
    {
      method: 'post',
      pattern: '/auth/logout-all',
      auth: true,
      async handle(ctx) {
        await domain.sessions.logoutAll(claimsOf(ctx));
        return { status: 204 };
      },
    },
    {
      method: 'post',
      pattern: '/auth/password',
      auth: true,
      async handle(ctx) {
        const body = parseWith(ChangePasswordRequest, ctx.body);
        await domain.sessions.changePassword(claimsOf(ctx), body.current_password, body.new_password);
        return { status: 204 };
      },
    },
  ];
}
