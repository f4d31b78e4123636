/**
 * `connections`: requests addressed to the user, acceptances, endings and profile edits.
 * `connection_accepted` and `connection_removed` go to both sides with `user_id` = the
 * other peer, so each side (and the actor's other devices) update their lists. The
 * blocked side of a block hears `removed`, not `blocked`. Profile edits
 * (`profile_updated`) go to the user and their accepted connections.
 */
import type { ConnectionsServerFrame } from '@parley/protocol';
import type { DomainEvent } from '../../domain/events.js';
import type { ChannelHandler, RealtimeContext } from '../channel.js';
import { encode } from '../frames.js';
import { topics } from '../hub.js';
import { topicChannel } from '../topicChannel.js';

const CHANNEL = 'connections';

export function createConnectionsChannel(ctx: RealtimeContext): ChannelHandler {
  function send(userId: number, frame: ConnectionsServerFrame): void {
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
    } else if (event.kind === 'profile_updated') {
      // Your own other devices and everyone connected with you see the new name at once.
      const frame = { type: 'profile_updated' as const, user_id: event.userId, full_name: event.fullName, avatar_url: event.avatarUrl };
      for (const userId of new Set([event.userId, ...event.peerIds])) send(userId, frame);
    }
  }

  return topicChannel(ctx, topics.connections, onEvent);
}
