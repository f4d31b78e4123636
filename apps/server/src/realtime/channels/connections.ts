/**
 * `connections`: requests addressed to the user, acceptances and endings.
 * `connection_accepted` and `connection_removed` go to both sides with `user_id` = the
 * other peer, so each side (and the actor's other devices) update their lists. The
 * blocked side of a block hears `removed`, not `blocked`.
 */
import type { ConnectionAcceptedFrame, ConnectionRemovedFrame, ConnectionRequestFrame } from '@parley/protocol';
import type { DomainEvent } from '../../domain/events.js';
import type { ChannelHandler, RealtimeContext } from '../channel.js';
import { encode } from '../frames.js';
import { topics } from '../hub.js';
import { topicChannel } from '../topicChannel.js';

const CHANNEL = 'connections';

export function createConnectionsChannel(ctx: RealtimeContext): ChannelHandler {
  function send(userId: number, frame: ConnectionRequestFrame | ConnectionAcceptedFrame | ConnectionRemovedFrame): void {
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
    } else if (event.kind === 'connection_removed') {
      const c = event.connection;
      const other = c.from_user_id === event.actorId ? c.to_user_id : c.from_user_id;
      send(event.actorId, { type: 'connection_removed', request_id: c.id, user_id: other, reason: event.reason });
      send(other, { type: 'connection_removed', request_id: c.id, user_id: event.actorId, reason: event.reason === 'blocked' ? 'removed' : event.reason });
    }
  }

  return topicChannel(ctx, topics.connections, onEvent);
}
