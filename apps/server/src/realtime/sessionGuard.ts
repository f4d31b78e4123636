/**
 * Keeps open sockets in step with their sessions: a socket is closed when the access
 * token it was opened with expires, and at once when its session is revoked or its
 * account deactivated — on every node, because `sessions_revoked` travels on the bus
 * like every domain event. Close codes (packages/protocol errors.ts): 4500 "token
 * rejected" (a client may try its refresh token once, then sign in again) and 4501
 * "account removed" (deactivated: sign out).
 */
import { CLOSE_CODES } from '@parley/protocol';
import type { DomainEvent } from '../domain/events.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { Conn } from './conn.js';
import type { Hub } from './hub.js';

/** setTimeout cannot wait longer than this (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createSessionGuard(hub: Hub, metrics: Metrics, log: Logger) {
  function close(conn: Conn, code: number, reason: string): void {
    if (conn.closed || !conn.ws) return;
    metrics.serverClosesTotal.inc({ reason: reason.replace(/ /g, '_') });
    conn.ws.end(code, reason);
  }

  function arm(conn: Conn): void {
    const wait = conn.tokenExpiresAtMs - Date.now();
    if (wait <= 0) return close(conn, CLOSE_CODES.tokenRejected, 'token expired');
    conn.expiryTimer = setTimeout(() => {
      conn.expiryTimer = null;
      if (Date.now() >= conn.tokenExpiresAtMs) close(conn, CLOSE_CODES.tokenRejected, 'token expired');
      else arm(conn);
    }, Math.min(wait, MAX_TIMER_MS));
    conn.expiryTimer.unref();
  }

  return {
    opened: arm,
    closed(conn: Conn): void {
      if (conn.expiryTimer) clearTimeout(conn.expiryTimer);
      conn.expiryTimer = null;
    },
    onEvent(event: DomainEvent): void {
      if (event.kind !== 'sessions_revoked') return;
      const ids = event.sessionIds === 'all' ? null : new Set(event.sessionIds);
      const [code, reason] = event.reason === 'deactivated' ? [CLOSE_CODES.accountRemoved, 'account deactivated'] : [CLOSE_CODES.tokenRejected, 'session revoked'];
      const victims = [...hub.socketsOf(event.userId)].filter((conn) => ids === null || ids.has(conn.sessionId));
      if (victims.length > 0) log.info({ userId: event.userId, sockets: victims.length, reason: event.reason }, 'closing sockets of ended sessions');
      for (const conn of victims) close(conn, code, reason);
    },
  };
}
