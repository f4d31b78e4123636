/**
 * The realtime gateway: `/ws/{channel}` (one channel per socket, as the seed) and `/ws`
 * (multiplexed) on uWS, with auth at the upgrade, native pub/sub fan-out, presence,
 * resume and the backpressure policy. `server.ts` calls `attachRealtime` once.
 *
 * Numbers that matter:
 *  - uWS closes a socket whose frame exceeds `maxPayloadLength` without a close frame
 *    (the client sees 1006), so uWS is given 64× the limit and frames over
 *    `maxFrameBytes` are closed here with 1009 as SPEC §3 requires. Frames past 64× (4 MiB
 *    by default) are still cut at the header by uWS before it buffers them; that bounds
 *    what one socket can make the server hold for an incoming frame.
 *  - `idleTimeout` with automatic pings detects a vanished peer within the timeout
 *    (default 60 s; uWS needs at least 8 s and rounds to its 4 s timer).
 */
import { CLOSE_CODES, parseChannel, type Channel } from '@parley/protocol';
import type { ServerConfig } from '../config.js';
import type { Domain } from '../domain/domain.js';
import { isAppError } from '../domain/errors.js';
import type { DomainEvent } from '../domain/events.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { DISABLED, type HttpResponse, type TemplatedApp, type WebSocket, type WebSocketBehavior } from '../transport/uws.js';
import type { ChannelHandler, RealtimeContext } from './channel.js';
import { createConnectionsChannel } from './channels/connections.js';
import { createFeedChannel } from './channels/feed.js';
import { createMessagesChannel } from './channels/messages.js';
import { createNotificationsChannel } from './channels/notifications.js';
import { createOnlineChannel } from './channels/online.js';
import { createConn, type Conn, type Endpoint } from './conn.js';
import { createDispatch } from './dispatch.js';
import { errorFrame } from './frames.js';
import { Hub } from './hub.js';
import { Outbound, nativeBackpressureCap } from './outbound.js';
import { Presence, type PresenceTracker } from './presence.js';
import { Resumer } from './resume.js';
import { SocketCaps } from './socketCaps.js';
import { Subscriptions } from './subscriptions.js';
import type { Realtime } from './types.js';
import { createSessionGuard } from './sessionGuard.js';
import { decideUpgrade, refuse, statusLine, type UpgradeAccepted, type UpgradeRefusal } from './upgrade.js';

export interface RealtimeDeps {
  domain: Domain;
  config: ServerConfig;
  log: Logger;
  metrics: Metrics;
  /** Cluster-wide presence from the bus; null (one node) tracks this process's sockets only. */
  presence?: PresenceTracker | null;
}

/** uWS refuses idle timeouts between 1 and 7 s. */
const MIN_IDLE_TIMEOUT_SECONDS = 8;
const PAYLOAD_HEADROOM = 64;
/** Shutdown waits at most this long for close handlers. */
const CLOSE_WAIT_MS = 2000;

export function attachRealtime(app: TemplatedApp, deps: RealtimeDeps): Realtime {
  const { domain, config, log, metrics } = deps;
  const hub = new Hub();
  const outbound = new Outbound({ app, hub, maxBackpressureBytes: config.maxBackpressureBytes, metrics, log });
  const ctx: RealtimeContext = { domain, config, log, metrics, hub, outbound };
  const presence = deps.presence ?? new Presence(config.presenceGraceMs);
  const resumer = new Resumer(ctx);
  // Late-bound: subscriptions need the channel handlers, and revoking a chat ends a subscription.
  let subs: Subscriptions | null = null;
  const messages = createMessagesChannel(ctx, resumer, (conn, name) => subs?.leave(conn, name));
  const handlers: Record<Exclude<Channel['kind'], 'messages_all'>, ChannelHandler> = {
    messages,
    connections: createConnectionsChannel(ctx),
    notifications: createNotificationsChannel(ctx),
    feed: createFeedChannel(ctx),
    online: createOnlineChannel(ctx, presence),
  };
  const handlerFor = (kind: Channel['kind']) => (kind === 'messages_all' ? messages : handlers[kind]);
  const subscriptions = new Subscriptions(ctx, handlerFor);
  subs = subscriptions;
  const dispatch = createDispatch(ctx, subscriptions, handlerFor);
  const caps = new SocketCaps(config.resourceLimits, metrics);
  let closing = false;
  const sessionGuard = createSessionGuard(hub, metrics, log);

  function reject(res: HttpResponse, r: UpgradeRefusal): void {
    res
      .writeStatus(statusLine(r.status))
      .writeHeader('content-type', 'application/json')
      .end(JSON.stringify({ error: { code: r.code, message: r.message } }), true);
  }

  function upgradeHandler(endpoint: Endpoint): NonNullable<WebSocketBehavior<Conn>['upgrade']> {
    return (res, req, context) => {
      // The request is only valid in this callback: copy what we need first.
      const request = { url: req.getUrl(), query: req.getQuery() ?? '', authorization: req.getHeader('authorization'), protocol: req.getHeader('sec-websocket-protocol') };
      const ip = Buffer.from(res.getRemoteAddressAsText()).toString();
      const key = req.getHeader('sec-websocket-key');
      const extensions = req.getHeader('sec-websocket-extensions');
      if (closing) return reject(res, refuse(503, 'internal', 'server is shutting down'));
      const decision = decideUpgrade(request, endpoint, (token) => domain.auth.verifyToken(token));
      if (!decision.ok) return reject(res, decision);
      const slot = caps.reserve(decision.userId, ip);
      if ('ok' in slot) return reject(res, slot);

      const accept = (d: UpgradeAccepted) => {
        const conn = createConn({
          userId: d.userId,
          sessionId: d.claims.sessionId,
          tokenExpiresAtMs: d.claims.expiresAtMs,
          endpoint,
          fixedChannel: d.channel?.name ?? null,
          afterSeq: d.afterSeq,
          label: d.channel ? d.channel.parsed.kind : 'multiplexed',
          slot,
        });
        res.upgrade<Conn>(conn, key, d.protocol, extensions, context);
      };
      const channel = decision.channel?.parsed;

      // The session, the account and (for a chat) membership need the store: answer after
      // the await unless the client went away. A validly signed token can outlive its
      // session (signed out) or its account (deactivated).
      let aborted = false;
      res.onAborted(() => {
        aborted = true;
        caps.release(slot);
      });
      const check = async (): Promise<UpgradeRefusal | null> => {
        try {
          await domain.auth.authenticate(decision.claims);
        } catch (err) {
          // Only a missing account is the client's problem (401 stops it reconnecting).
          if (isAppError(err) && err.code === 'unauthorized') return refuse(401, 'unauthorized', err.message);
          log.error({ err, userId: decision.userId }, 'account check failed at upgrade');
          return refuse(503, 'internal', 'try again shortly');
        }
        if (channel?.kind === 'messages') {
          try {
            await handlerFor(channel.kind).authorize(decision.userId, channel);
          } catch (err) {
            log.debug({ err, userId: decision.userId, chatId: channel.chatId }, 'upgrade refused');
            return refuse(403, 'forbidden', 'you are not a member of this chat');
          }
        }
        return closing ? refuse(503, 'internal', 'server is shutting down') : null;
      };
      check()
        .then((refusal) => {
          if (aborted) return;
          if (refusal) {
            caps.release(slot);
            res.cork(() => reject(res, refusal));
            return;
          }
          // Deliberately not inside res.cork: after its callback, cork() re-reads the HTTP
          // response's state, and when the upgrade reallocated the socket in place it reads
          // WebSocket data instead and may shut the new socket down (1006 right after open;
          // uWebSockets issues 1583 and 1108). Seen here on about 1 in 20 cluster test runs.
          accept(decision);
        })
        .catch((err: unknown) => {
          caps.release(slot);
          log.error({ err, userId: decision.userId }, 'upgrade failed');
        });
    };
  }

  function open(ws: WebSocket<Conn>): void {
    const conn = ws.getUserData();
    conn.ws = ws;
    hub.add(conn);
    metrics.openSockets.inc({ channel: conn.label });
    presence.opened(conn.userId);
    sessionGuard.opened(conn);
    if (!conn.fixedChannel) return subscriptions.logLine(conn, 'ws', 'connected to');
    const channel = parseChannel(conn.fixedChannel);
    if (!channel) return;
    subscriptions.join(conn, conn.fixedChannel, channel, conn.afterSeq).catch((err: unknown) => {
      log.error({ err, userId: conn.userId, channel: conn.fixedChannel }, 'joining channel failed');
    });
  }

  function message(ws: WebSocket<Conn>, data: ArrayBuffer, isBinary: boolean): void {
    const conn = ws.getUserData();
    if (data.byteLength > config.maxFrameBytes) {
      metrics.serverClosesTotal.inc({ reason: 'frame_too_big' });
      ws.end(CLOSE_CODES.messageTooBig, 'frame too large');
      return;
    }
    if (isBinary) {
      metrics.errorsTotal.inc({ code: 'invalid', via: 'ws' });
      outbound.send(conn, errorFrame('invalid', 'binary frames are not supported; send JSON text', { channel: conn.fixedChannel ?? undefined }));
      return;
    }
    // Copy out now: uWS neuters the ArrayBuffer when this callback returns.
    dispatch(conn, Buffer.from(data).toString('utf8'));
  }

  function close(ws: WebSocket<Conn>, code: number): void {
    const conn = ws.getUserData();
    conn.closed = true;
    caps.release(conn.slot);
    sessionGuard.closed(conn);
    subscriptions.leaveAll(conn);
    resumer.cancel(conn);
    hub.remove(conn);
    outbound.drained(conn);
    conn.ws = null;
    metrics.openSockets.dec({ channel: conn.label });
    presence.closed(conn.userId);
    if (!conn.fixedChannel) subscriptions.logLine(conn, 'ws', 'disconnected from');
    log.debug({ userId: conn.userId, socketId: conn.id, code }, 'socket closed');
  }

  const behavior = (endpoint: Endpoint): WebSocketBehavior<Conn> => ({
    compression: DISABLED,
    maxPayloadLength: config.maxFrameBytes * PAYLOAD_HEADROOM,
    idleTimeout: config.idleTimeoutSeconds > 0 ? Math.max(MIN_IDLE_TIMEOUT_SECONDS, config.idleTimeoutSeconds) : 0,
    sendPingsAutomatically: true,
    maxBackpressure: nativeBackpressureCap(config.maxBackpressureBytes),
    // Typed as a number in 20.30's typings; any truthy value enables it.
    closeOnBackpressureLimit: 1,
    upgrade: upgradeHandler(endpoint),
    open,
    message,
    drain: (ws) => outbound.drained(ws.getUserData()),
    close,
  });
  app.ws('/ws', behavior('multiplexed'));
  app.ws('/ws/*', behavior('channel'));

  const channelModules = [messages, handlers.connections, handlers.notifications, handlers.feed, handlers.online];

  return {
    sink: {
      publish(event: DomainEvent) {
        sessionGuard.onEvent(event);
        for (const module of channelModules) {
          try {
            module.onEvent(event);
          } catch (err) {
            log.error({ err, event: event.kind }, 'delivering a domain event failed');
          }
        }
      },
    },
    socketCounts: () => hub.counts(),
    reconnectAll(why: string) {
      log.warn({ sockets: hub.all().size, why }, 'asking every client to reconnect and resume');
      for (const conn of [...hub.all()]) {
        metrics.serverClosesTotal.inc({ reason: 'resync' });
        conn.ws?.end(CLOSE_CODES.serverRestart, 'reconnect');
      }
    },
    async close() {
      closing = true;
      presence.stop();
      for (const conn of [...hub.all()]) {
        metrics.serverClosesTotal.inc({ reason: 'shutdown' });
        conn.ws?.end(CLOSE_CODES.goingAway, 'server shutting down');
      }
      // end() runs close handlers synchronously; wait (bounded) in case one is deferred.
      const deadline = Date.now() + CLOSE_WAIT_MS;
      while (hub.all().size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
