/**
 * A small router over uWS. It exists because a uWS request object is only valid during
 * the synchronous part of the handler: everything a route needs (headers, params,
 * query, the bearer user) is copied into a plain `Ctx` first, the body reader is
 * attached at once, and only then does the async route code run.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from '../transport/uws.js';
import { AppError } from '../domain/errors.js';
import type { Domain } from '../domain/domain.js';
import type { ClientInfo, TokenClaims } from '../domain/accountTypes.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { BodyAborted, BodyTooLarge, collect, readBody, type BodyReader } from './body.js';
import { PREFLIGHT_HEADERS, send, sendError, sendFile, sendJson, sendMethodNotAllowed, type ResponseState } from './respond.js';

export interface Ctx {
  method: string;
  /** Raw (undecoded) path without the query. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Copied request headers, lower-case names. The Authorization header is not among them. */
  headers: { contentType: string; contentLength: string; filename: string };
  /** The authenticated user, or 0 on public routes. */
  userId: number;
  /** The verified access token (null on public routes, or when an optional token was absent or bad). */
  claims: TokenClaims | null;
  /** On `auth: 'optional'` routes: why the token given was refused, if it was. */
  authError: AppError | null;
  /** The peer address and User-Agent, for per-IP limits and device names. */
  client: ClientInfo;
  /** Parsed JSON for `body: 'json'` routes (undefined when empty). */
  body: unknown;
  /** The streaming body for `body: 'raw'` routes. */
  raw: BodyReader | null;
}

export type RouteResult =
  | { status: number; json?: unknown; headers?: Record<string, string> }
  | { status: 200; file: { path: string; size: number }; headers: Record<string, string> }
  | { status: 200; text: string; headers: Record<string, string> };

export type RouteMethod = 'get' | 'post' | 'patch' | 'delete';

/** uWS names DELETE `del`. */
const UWS_METHOD = { get: 'get', post: 'post', patch: 'patch', delete: 'del' } as const;

export interface Route {
  method: RouteMethod;
  pattern: string;
  /**
   * true: requires `Authorization: Bearer <token>` of a live session. 'optional': verifies
   * a token if one is given and leaves the decision to the route (see `Ctx.authError`).
   */
  auth: boolean | 'optional';
  /** Defaults: 'json' for POST and PATCH, 'none' for GET and DELETE. */
  body?: 'none' | 'json' | 'raw';
  /** Body byte cap; defaults to JSON_BODY_MAX_BYTES. */
  maxBodyBytes?: number;
  /** Synchronous checks that must reject before any body byte is read (e.g. 415). */
  precheck?(ctx: Ctx): void;
  handle(ctx: Ctx): Promise<RouteResult>;
}

export interface RouterDeps {
  domain: Domain;
  log: Logger;
  metrics: Metrics;
}

/** Generous for 4,000-character content even fully \u-escaped, small enough to bound memory. */
export const JSON_BODY_MAX_BYTES = 256 * 1024;
/** Unconsumed raw-body bytes above which the upload socket is paused. */
const RAW_PAUSE_BYTES = 1024 * 1024;

export function bearerToken(header: string): string | null {
  const m = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return m ? m[1]! : null;
}

function patternToRegex(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

export function createRouter(app: TemplatedApp, deps: RouterDeps) {
  const { domain, log, metrics } = deps;
  const known: { method: string; regex: RegExp }[] = [];

  function handle(route: Route, res: HttpResponse, req: HttpRequest): void {
    const started = process.hrtime.bigint();
    const state: ResponseState = { res, aborted: false, done: false, status: 0 };
    const paramNames = route.pattern.split('/').filter((s) => s.startsWith(':')).map((s) => s.slice(1));
    const ctx: Ctx = {
      method: route.method.toUpperCase(),
      path: req.getUrl(),
      params: Object.fromEntries(paramNames.map((name, i) => [name, req.getParameter(i)])),
      query: new URLSearchParams(req.getQuery() ?? ''),
      headers: {
        contentType: req.getHeader('content-type'),
        contentLength: req.getHeader('content-length'),
        filename: req.getHeader('x-filename'),
      },
      userId: 0,
      claims: null,
      authError: null,
      client: { ip: Buffer.from(res.getRemoteAddressAsText()).toString('utf8'), userAgent: req.getHeader('user-agent') },
      body: undefined,
      raw: null,
    };
    const authorization = req.getHeader('authorization');
    const hasBody = ctx.headers.contentLength !== '' && ctx.headers.contentLength !== '0' || req.getHeader('transfer-encoding') !== '';
    const errorCtx = { log, metrics, method: ctx.method, path: ctx.path };
    const logDone = () =>
      log.debug({ method: ctx.method, path: ctx.path, status: state.status, userId: ctx.userId || undefined, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'http request');

    let reader: BodyReader | null = null;
    res.onAborted(() => {
      state.aborted = true;
      reader?.abort();
    });

    // Failures before the body is read answer at once and close the connection,
    // so a large unread body is not waited for.
    const early = (err: unknown) => {
      sendError(state, err, { ...errorCtx, closeConnection: hasBody });
      logDone();
    };
    try {
      if (route.auth === true) {
        const token = bearerToken(authorization);
        if (!token) throw new AppError('unauthorized', 'missing bearer token');
        ctx.claims = domain.auth.verifyToken(token);
        ctx.userId = ctx.claims.userId;
      } else if (route.auth === 'optional' && authorization !== '') {
        try {
          const token = bearerToken(authorization);
          if (!token) throw new AppError('unauthorized', 'malformed bearer token');
          ctx.claims = domain.auth.verifyToken(token);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          ctx.authError = err;
        }
      }
      route.precheck?.(ctx);
      const kind = route.body ?? (route.method === 'post' || route.method === 'patch' ? 'json' : 'none');
      const max = route.maxBodyBytes ?? JSON_BODY_MAX_BYTES;
      if (kind !== 'none') {
        const declared = Number(ctx.headers.contentLength);
        if (ctx.headers.contentLength !== '' && Number.isFinite(declared) && declared > max) throw tooLarge(max);
        reader = readBody(res, max, kind === 'raw' ? RAW_PAUSE_BYTES : Infinity, () => early(tooLarge(max)));
        if (kind === 'raw') ctx.raw = reader;
      }
    } catch (err) {
      early(err);
      return;
    }

    void (async () => {
      try {
        // A validly signed token can outlive its session (signed out, password changed)
        // or its account (deactivated, removed): refuse it rather than act for nobody.
        if (ctx.claims) {
          try {
            await domain.auth.authenticate(ctx.claims);
            ctx.userId = ctx.claims.userId;
          } catch (err) {
            if (route.auth === true || !(err instanceof AppError)) throw err;
            ctx.claims = null;
            ctx.authError = err;
          }
        }
        if (reader && !ctx.raw) ctx.body = parseJson(await collect(reader));
        const result = await route.handle(ctx);
        if ('file' in result) await sendFile(state, result.file.path, result.file.size, result.headers, log);
        else if ('text' in result) send(state, result.status, result.text, result.headers);
        else sendJson(state, result.status, result.json ?? null, result.headers);
      } catch (err) {
        // Aborts and over-size bodies were already answered (or the client is gone).
        // A refusal before the whole body arrived (a quota) closes the connection, so the
        // rest of the body is neither waited for nor read as the next request.
        if (!(err instanceof BodyAborted) && !(err instanceof BodyTooLarge)) sendError(state, err, { ...errorCtx, closeConnection: reader !== null && !reader.complete });
      } finally {
        logDone();
      }
    })().catch((err: unknown) => log.error({ err, method: errorCtx.method, path: errorCtx.path }, 'request failed while it was being answered'));
  }

  return {
    add(route: Route): void {
      known.push({ method: route.method.toUpperCase(), regex: patternToRegex(route.pattern) });
      app[UWS_METHOD[route.method]](route.pattern, (res, req) => handle(route, res, req));
    },

    /** Registers CORS preflight and the 404/405 fallbacks; call after all routes. */
    finish(): void {
      app.options('/*', (res) => {
        const state: ResponseState = { res, aborted: false, done: false, status: 0 };
        send(state, 204, null, PREFLIGHT_HEADERS);
      });
      app.any('/*', (res, req) => {
        const state: ResponseState = { res, aborted: false, done: false, status: 0 };
        const path = req.getUrl();
        const method = req.getMethod().toUpperCase();
        const allowed = [...new Set(known.filter((k) => k.regex.test(path)).map((k) => k.method))];
        const errorCtx = { log, metrics, method, path, closeConnection: req.getHeader('content-length') !== '' || req.getHeader('transfer-encoding') !== '' };
        if (allowed.length > 0 && !allowed.includes(method)) {
          sendMethodNotAllowed(state, allowed, errorCtx);
          return;
        }
        sendError(state, new AppError('not_found', 'no such route'), errorCtx);
      });
    },
  };
}

function tooLarge(max: number): AppError {
  return new AppError('payload_too_large', `body exceeds ${max} bytes`);
}

function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new AppError('bad_json', 'request body is not valid JSON');
  }
}
