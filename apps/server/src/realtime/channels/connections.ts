/**
 * `connections`: requests addressed to the user, and acceptances. `connection_accepted`
 * goes to both sides with `user_id` = the other peer, so the requester learns who
 * accepted and the accepter's other devices learn the new connection too.
 */
import type { ConnectionAcceptedFrame, ConnectionRequestFrame } from '@parley/protocol';
import type { DomainEvent } from '../../domain/events.js';
import type { ChannelHandler, RealtimeContext } from '../channel.js';
import { encode } from '../frames.js';
import { topics } from '../hub.js';
import { topicChannel } from '../topicChannel.js';

const CHANNEL = 'connections';

export function createConnectionsChannel(ctx: RealtimeContext): ChannelHandler {
  function send(userId: number, frame: ConnectionRequestFrame | ConnectionAcceptedFrame): void {
    ctx.outbound.publish(topics.connections(userId), encode(frame, CHANNEL), frame.type);
  }

  function onEvent(event: DomainEvent): void {
    if (event.kind === 'connection_requested') {
      const c = event.connection;
      send(c.to_user_id, { type: 'connection_request', request_id: c.id, from_user_id: c.from_user_id, from_user_name: event.fromUserName });
    } else if (event.kind === 'connection_accepted') {
      const c = event.connection;
      send(c.from_user_id, { type: 'connection_accepted', request_id: c.id, user_id: c.to_user_id, user_name: event.toUserName });
      send(c.to_user_id, { type: 'connection_accepted', request_id: c.id, user_id: c.from_user_id, user_name: event.fromUserName });
    }
  }

  return topicChannel(ctx, topics.connections, onEvent);
}
