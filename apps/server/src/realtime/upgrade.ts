/**
 * Deciding an upgrade from what was copied out of the request (uWS's HttpRequest is
 * only valid inside the upgrade callback). The token may come from the
 * `Authorization: Bearer` header, the `Sec-WebSocket-Protocol: bearer, <token>` pair
 * (then `bearer` is echoed back, as browsers require) or `?token=`. It is never logged.
 */
import { parseChannel, type ApiErrorCode, type Channel } from '@parley/protocol';
import { isAppError } from '../domain/errors.js';
import type { Endpoint } from './conn.js';
import type { TokenClaims } from '../domain/accountTypes.js';

export interface UpgradeRequest {
  /** Path without the query, e.g. `/ws/messages/5`. */
  url: string;
  query: string;
  authorization: string;
  protocol: string;
}

export interface UpgradeRefusal {
  ok: false;
  status: number;
  code: ApiErrorCode;
  message: string;
}

export interface UpgradeAccepted {
  ok: true;
  userId: number;
  claims: TokenClaims;
  /** The channel of a `/ws/{channel}` socket; null on `/ws`. */
  channel: { name: string; parsed: Channel } | null;
  afterSeq: number | null;
  /** The subprotocol to echo back ('' for none). */
  protocol: string;
}

const STATUS_TEXT: Record<number, string> = {
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  422: '422 Unprocessable Entity',
  429: '429 Too Many Requests',
  503: '503 Service Unavailable',
};

export function statusLine(status: number): string {
  return STATUS_TEXT[status] ?? `${status} Error`;
}

export function refuse(status: number, code: ApiErrorCode, message: string): UpgradeRefusal {
  return { ok: false, status, code, message };
}

/** Authenticates and parses the channel path; membership checks (async) come after. */
export function decideUpgrade(req: UpgradeRequest, endpoint: Endpoint, verifyToken: (token: string) => TokenClaims): UpgradeAccepted | UpgradeRefusal {
  const params = new URLSearchParams(req.query);
  const offered = req.protocol
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bearerAt = offered.findIndex((p) => p.toLowerCase() === 'bearer');
  const headerToken = /^bearer\s+(\S+)$/i.exec(req.authorization.trim())?.[1];
  const token = headerToken ?? (bearerAt >= 0 ? offered[bearerAt + 1] : undefined) ?? params.get('token') ?? '';
  if (!token) return refuse(401, 'unauthorized', 'a token is required (?token=, Authorization: Bearer, or the bearer subprotocol)');
  let claims: TokenClaims;
  try {
    claims = verifyToken(token);
  } catch (err) {
    return refuse(401, 'unauthorized', isAppError(err) ? err.message : 'invalid token');
  }
  const protocol = bearerAt >= 0 ? offered[bearerAt]! : '';
  const userId = claims.userId;

  if (endpoint === 'multiplexed') return { ok: true, userId, claims, channel: null, afterSeq: null, protocol };

  const name = req.url.startsWith('/ws/') ? req.url.slice('/ws/'.length) : '';
  const parsed = parseChannel(name);
  // `messages/*` exists only on the multiplexed endpoint.
  if (!parsed || parsed.kind === 'messages_all') return refuse(404, 'not_found', `no such channel: ${JSON.stringify(name.slice(0, 64))}`);

  let afterSeq: number | null = null;
  const rawAfter = params.get('after_seq');
  if (parsed.kind === 'messages' && rawAfter !== null && rawAfter !== '') {
    if (!/^[0-9]{1,15}$/.test(rawAfter)) return refuse(422, 'invalid', 'after_seq must be a non-negative integer');
    afterSeq = Number(rawAfter);
  }
  return { ok: true, userId, claims, channel: { name, parsed }, afterSeq, protocol };
}
