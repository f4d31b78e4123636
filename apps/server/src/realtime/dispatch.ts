/**
 * Client frames: decode, answer ping at once, and run everything else through the
 * socket's queue so a client's frames take effect in the order it sent them. A bad
 * frame gets an error frame (echoing `client_id` and `channel`) and the socket stays open.
 */
import {
  decodeClientFrame,
  type Channel,
  parseChannel,
  type ClientFrame,
  type PongFrame,
  type SubscribeFrame,
  type SubscribedFrame,
  type UnsubscribedFrame,
  type WsErrorCode,
} from '@parley/protocol';
import { createRateLimiter } from '../domain/rateLimit.js';
import type { ChannelClientFrame, RealtimeContext } from './channel.js';
import type { Conn } from './conn.js';
import { encode, errorFrame, toFrameError, type FrameError } from './frames.js';
import type { HandlerFor, Subscriptions } from './subscriptions.js';

/**
 * Frames waiting per socket; past this a client is sending faster than it can be served
 * and gets `rate_limited`. At least the configured bursts, so the queue never refuses
 * what the rate limiter would accept; capped so one socket cannot queue without bound.
 */
function maxPending(ctx: RealtimeContext): number {
  const r = ctx.config.rateLimits;
  return Math.min(4096, Math.max(256, r.messageBurst + r.typingBurst));
}

interface Reply {
  channel?: string;
  clientId?: string;
}

export type Dispatch = (conn: Conn, text: string) => void;

export function createDispatch(ctx: RealtimeContext, subs: Subscriptions, handlerFor: HandlerFor): Dispatch {
  const { outbound, metrics, log } = ctx;
  const MAX_PENDING = maxPending(ctx);
  // Per socket, not per user: each subscribe with after_seq starts a history read, and one
  // looping socket must not spend the node's CPU on replays nobody waits for.
  const { subscribesPerSecond, subscribeBurst } = ctx.config.resourceLimits;
  const subscribeLimiter = createRateLimiter({ subscribe: { perSecond: subscribesPerSecond, burst: subscribeBurst } });

  function fail(conn: Conn, code: WsErrorCode, message: string, reply: Reply, retryAfterMs?: number): void {
    metrics.errorsTotal.inc({ code, via: 'ws' });
    outbound.send(conn, errorFrame(code, message, { ...reply, retryAfterMs }));
  }

  function failWith(conn: Conn, err: FrameError, reply: Reply): void {
    fail(conn, err.code, err.message, reply, err.retryAfterMs);
  }

  function enqueue(conn: Conn, reply: Reply, task: () => Promise<void>): void {
    if (conn.pending >= MAX_PENDING) return fail(conn, 'rate_limited', 'too many frames in flight', reply, 1000);
    conn.pending++;
    conn.queue = conn.queue.then(async () => {
      try {
        if (!conn.closed) await task();
      } catch (err) {
        const e = toFrameError(err);
        if (e.unexpected) log.error({ err, userId: conn.userId, socketId: conn.id }, 'frame handling failed');
        failWith(conn, e, reply);
      } finally {
        conn.pending--;
      }
    });
  }

  async function subscribe(conn: Conn, frame: SubscribeFrame, channel: Channel): Promise<void> {
    const name = frame.channel;
    await handlerFor(channel.kind).authorize(conn.userId, channel);
    if (conn.closed) return;
    const subscribed = encode({ type: 'subscribed', channel: name } satisfies SubscribedFrame, name);
    const afterSeq = channel.kind === 'messages' ? (frame.after_seq ?? null) : null;
    if (channel.kind === 'messages_all') {
      // Its topics come from a database read: `subscribed` waits until they are live, so
      // a client that catches up after hearing it cannot miss a message sent meanwhile.
      await subs.join(conn, name, channel, afterSeq);
      if (!conn.closed && conn.channels.has(name)) outbound.send(conn, subscribed);
      return;
    }
    // `subscribed` first, so it precedes a resume replay or the `online_users` list.
    outbound.send(conn, subscribed);
    await subs.join(conn, name, channel, afterSeq);
  }

  function unsubscribe(conn: Conn, name: string): void {
    subs.leave(conn, name);
    outbound.send(conn, encode({ type: 'unsubscribed', channel: name } satisfies UnsubscribedFrame, name));
  }

  function channelFrame(conn: Conn, name: string | undefined, frame: ChannelClientFrame, reply: Reply): void {
    if (!name) return fail(conn, 'invalid', 'channel is required on the multiplexed endpoint', reply);
    const channel = parseChannel(name);
    if (!channel) return fail(conn, 'invalid', `no such channel: ${JSON.stringify(name)}`, reply);
    const handler = handlerFor(channel.kind);
    const handle = handler.handleFrame;
    if (!handle) return fail(conn, 'invalid', `${frame.type} frames are not accepted on ${name}`, reply);
    const refused = handler.precheck?.(frame);
    if (refused) return failWith(conn, refused, reply);
    enqueue(conn, reply, () => handle(conn, name, channel, frame));
  }

  return function dispatch(conn: Conn, text: string): void {
    const decoded = decodeClientFrame(text);
    // A per-channel socket's frames belong to its channel whatever they say.
    const name = conn.fixedChannel ?? decoded.channel;
    if (!decoded.ok) return fail(conn, decoded.code, decoded.message, { channel: name, clientId: decoded.client_id });
    const frame: ClientFrame = decoded.frame;
    const reply: Reply = { channel: name, clientId: 'client_id' in frame ? frame.client_id : undefined };
    switch (frame.type) {
      case 'ping':
        outbound.send(conn, encode({ type: 'pong' } satisfies PongFrame, name));
        return;
      case 'subscribe':
      case 'unsubscribe':
        if (conn.endpoint !== 'multiplexed') return fail(conn, 'unknown_type', `${frame.type} is only available on /ws`, reply);
        if (frame.type === 'subscribe') {
          // A name that is no channel costs nothing to refuse, so it does not spend the rate.
          const channel = parseChannel(frame.channel);
          if (!channel) return fail(conn, 'invalid', `no such channel: ${JSON.stringify(frame.channel)}`, { channel: frame.channel });
          try {
            subscribeLimiter.consume('subscribe', conn.id);
          } catch (err) {
            return failWith(conn, toFrameError(err), { channel: frame.channel });
          }
          enqueue(conn, { channel: frame.channel }, () => subscribe(conn, frame, channel));
        } else enqueue(conn, { channel: frame.channel }, async () => unsubscribe(conn, frame.channel));
        return;
      case 'message':
      case 'typing':
      case 'edit':
      case 'delete':
      case 'react':
      case 'read':
        return channelFrame(conn, name, frame, reply);
      default: {
        const unreachable: never = frame;
        return fail(conn, 'unknown_type', `unknown frame type ${JSON.stringify((unreachable as { type: string }).type)}`, reply);
      }
    }
  };
}
