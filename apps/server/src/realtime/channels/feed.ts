/**
 * `feed`: every new post and comment, to everyone listening (the author's other
 * devices included), as the seed's `broadcast_to_channel("feed", …)`.
 */
import type { NewCommentFrame, NewPostFrame } from '@parley/protocol';
import type { ChannelHandler, RealtimeContext } from '../channel.js';
import { encode } from '../frames.js';
import { topics } from '../hub.js';
import { topicChannel } from '../topicChannel.js';

export function createFeedChannel(ctx: RealtimeContext): ChannelHandler {
  return topicChannel(ctx, topics.feed, (event) => {
    if (event.kind === 'post_created') {
      const frame: NewPostFrame = { type: 'new_post', post: event.post };
      ctx.outbound.publish(topics.feed(), encode(frame, 'feed'), frame.type);
    } else if (event.kind === 'comment_created') {
      const frame: NewCommentFrame = { type: 'new_comment', comment: event.comment };
      ctx.outbound.publish(topics.feed(), encode(frame, 'feed'), frame.type);
    }
  });
}
