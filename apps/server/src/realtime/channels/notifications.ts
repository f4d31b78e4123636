/**
 * `notifications`: things that happened to the user — a connection request, a comment
 * or reaction on their post. Only the addressed user gets them, never the actor, so
 * commenting on your own post notifies nobody.
 */
import type { CommentOnPostFrame, ConnectionRequestFrame, PreferencesUpdatedFrame, ReactionOnPostFrame } from '@parley/protocol';
import type { DomainEvent } from '../../domain/events.js';
import type { ChannelHandler, RealtimeContext } from '../channel.js';
import { encode } from '../frames.js';
import { topics } from '../hub.js';
import { topicChannel } from '../topicChannel.js';

const CHANNEL = 'notifications';

export function createNotificationsChannel(ctx: RealtimeContext): ChannelHandler {
  function notify(userId: number, actorId: number, frame: ConnectionRequestFrame | CommentOnPostFrame | ReactionOnPostFrame): void {
    if (userId === actorId) return;
    ctx.outbound.publish(topics.notifications(userId), encode(frame, CHANNEL), frame.type);
  }

  function onEvent(event: DomainEvent): void {
    switch (event.kind) {
      case 'connection_requested': {
        const c = event.connection;
        notify(c.to_user_id, c.from_user_id, {
          type: 'connection_request',
          request_id: c.id,
          from_user_id: c.from_user_id,
          from_user_name: event.fromUserName,
        });
        break;
      }
      case 'comment_created': {
        const c = event.comment;
        notify(event.postAuthorId, c.userId, {
          type: 'comment_on_post',
          post_id: c.postId,
          comment_id: c.id,
          user_id: c.userId,
          user_name: event.actorName,
          content: c.content,
        });
        break;
      }
      case 'reaction_created':
        notify(event.postAuthorId, event.userId, {
          type: 'reaction_on_post',
          post_id: event.postId,
          user_id: event.userId,
          user_name: event.actorName,
          reaction: event.reaction,
        });
        break;
      case 'preferences_updated': {
        // The device that made the change gets it too: it carries the version all devices converge on.
        const frame: PreferencesUpdatedFrame = { type: 'preferences_updated', preferences: event.preferences };
        ctx.outbound.publish(topics.notifications(event.userId), encode(frame, CHANNEL), frame.type);
        break;
      }
      default:
        break;
    }
  }

  return topicChannel(ctx, topics.notifications, onEvent);
}
