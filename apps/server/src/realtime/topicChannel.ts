/**
 * Channels that are nothing but a native topic per user or for everyone
 * (`connections`, `notifications`, `feed`): joining subscribes, leaving unsubscribes,
 * and the channel module only decides which events become which frames.
 */
import type { Channel } from '@parley/protocol';
import type { DomainEvent } from '../domain/events.js';
import type { ChannelHandler, RealtimeContext } from './channel.js';
import type { Conn } from './conn.js';

export function topicChannel(
  ctx: RealtimeContext,
  topicFor: (userId: number) => string,
  onEvent: (event: DomainEvent) => void,
): ChannelHandler {
  return {
    async authorize() {
      // Every signed-in user may listen to their own topic (and to the feed).
    },
    async join(conn: Conn, name: string) {
      ctx.hub.want(conn, topicFor(conn.userId), name);
    },
    leave(conn: Conn, name: string, _channel: Channel) {
      ctx.hub.unwant(conn, topicFor(conn.userId), name);
    },
    onEvent,
  };
}
