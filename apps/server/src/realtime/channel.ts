/**
 * What a channel module (`channels/*.ts`) provides to the gateway, and what it gets.
 * Channel modules never import each other; the gateway routes to them by channel kind.
 */
import type { Channel, MessagesClientFrame } from '@parley/protocol';
import type { ServerConfig } from '../config.js';
import type { Domain } from '../domain/domain.js';
import type { DomainEvent } from '../domain/events.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { Conn } from './conn.js';
import type { FrameError } from './frames.js';
import type { Hub } from './hub.js';
import type { Outbound } from './outbound.js';

export interface RealtimeContext {
  domain: Domain;
  config: ServerConfig;
  log: Logger;
  metrics: Metrics;
  hub: Hub;
  outbound: Outbound;
}

/** Client frames that belong to a channel (ping and subscriptions are the gateway's). */
export type ChannelClientFrame = MessagesClientFrame;

export interface ChannelHandler {
  /** Throws AppError when `userId` may not join `channel` (checked at upgrade and on subscribe). */
  authorize(userId: number, channel: Channel): Promise<void>;
  /**
   * Starts delivery of `channel` to the socket, which has already been added to
   * `conn.channels`. May send initial frames (`online_users`, a resume replay).
   */
  join(conn: Conn, name: string, channel: Channel, afterSeq: number | null): Promise<void>;
  /** Stops delivery; also called for every joined channel when the socket closes. */
  leave(conn: Conn, name: string, channel: Channel): void;
  /** Refuses a frame before it is queued (cheap checks such as `too_long`), or returns null. */
  precheck?(frame: ChannelClientFrame): FrameError | null;
  /** Handles a client frame on this channel; throws AppError to answer with an error frame. */
  handleFrame?(conn: Conn, name: string, channel: Channel, frame: ChannelClientFrame): Promise<void>;
  /** Every domain event, after commit; the handler picks the ones its channel carries. */
  onEvent(event: DomainEvent): void;
}
