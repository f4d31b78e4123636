/**
 * `messages/{chat_id}` (and `messages/*` on the multiplexed endpoint: every chat the
 * user is in, including chats created later). Sends and typing go through the domain,
 * which stores durably and publishes; `new_message` reaches every socket of every
 * member on the chat's topic, sender included; typing reaches the others only and is
 * shed for slow sockets.
 */
import { chatChannel, type Channel, type TypingServerFrame } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import type { ChannelClientFrame, ChannelHandler, RealtimeContext } from '../channel.js';
import type { Conn } from '../conn.js';
import { encode, newMessageFrame, type FrameError } from '../frames.js';
import { topics } from '../hub.js';
import type { Resumer } from '../resume.js';

const ALL = 'messages/*';

export function createMessagesChannel(ctx: RealtimeContext, resumer: Resumer): ChannelHandler {
  const { domain, hub, outbound } = ctx;

  function onEvent(event: DomainEvent): void {
    switch (event.kind) {
      case 'message_created': {
        const m = event.message;
        const text = encode(newMessageFrame(m), chatChannel(m.chat_id));
        outbound.publish(topics.chat(m.chat_id), text, 'new_message');
        resumer.onMessage(m.chat_id, m.seq, text);
        ctx.metrics.messagesTotal.inc();
        break;
      }
      case 'chat_created': {
        // Sockets listening to every chat start receiving this one at once, and hear
        // about it so it shows in their list before its first message.
        const text = encode({ type: 'chat_created', chat: { id: event.chatId, title: event.title, member_ids: event.memberIds } }, ALL);
        for (const userId of event.memberIds) {
          for (const conn of hub.socketsOf(userId)) {
            if (!conn.channels.has(ALL)) continue;
            hub.want(conn, topics.chat(event.chatId), ALL);
            outbound.send(conn, text);
          }
        }
        break;
      }
      case 'typing': {
        const frame: TypingServerFrame = { type: 'typing', chat_id: event.chatId, user_id: event.userId, is_typing: event.isTyping };
        const text = encode(frame, chatChannel(event.chatId));
        for (const conn of [...hub.subscribers(topics.chat(event.chatId))]) {
          if (conn.userId !== event.userId) outbound.sendSheddable(conn, text);
        }
        break;
      }
      default:
        break;
    }
  }

  return {
    async authorize(userId: number, channel: Channel) {
      if (channel.kind === 'messages') await domain.chats.assertMember(channel.chatId, userId);
    },

    async join(conn: Conn, name: string, channel: Channel, afterSeq: number | null) {
      if (channel.kind === 'messages') {
        hub.want(conn, topics.chat(channel.chatId), name);
        if (afterSeq !== null) resumer.start(conn, channel.chatId, afterSeq);
        return;
      }
      // `conn.channels` already holds ALL, so a chat created during this read is not missed.
      const chatIds = await domain.chats.chatIdsForUser(conn.userId);
      if (conn.closed || !conn.channels.has(name)) return;
      for (const chatId of chatIds) hub.want(conn, topics.chat(chatId), name);
    },

    leave(conn: Conn, name: string, channel: Channel) {
      if (channel.kind === 'messages') {
        hub.unwant(conn, topics.chat(channel.chatId), name);
        resumer.cancel(conn, channel.chatId);
        return;
      }
      for (const [topic, users] of [...conn.topics]) if (users.has(name)) hub.unwant(conn, topic, name);
    },

    precheck(frame: ChannelClientFrame): FrameError | null {
      if (frame.type !== 'message') return null;
      // Cheap and exact enough to refuse before queueing; the domain checks again after cleaning.
      const max = ctx.config.maxContentChars;
      if (frame.content.length > max && charLength(frame.content) > max) {
        return { code: 'too_long', message: `content is too long (at most ${max} characters)`, unexpected: false };
      }
      return null;
    },

    async handleFrame(conn: Conn, _name: string, channel: Channel, frame: ChannelClientFrame) {
      if (channel.kind !== 'messages') throw new AppError('invalid', 'message and typing frames belong on a messages/{chat_id} channel');
      const { chatId } = channel;
      if (frame.type === 'typing') {
        await domain.messages.typing(conn.userId, chatId, frame.is_typing);
        return;
      }
      const { message, created } = await domain.messages.send(conn.userId, chatId, {
        content: frame.content,
        attachment: frame.attachment ?? null,
        clientId: frame.client_id ?? null,
      });
      // A resend with a known client_id is not published again; this socket still gets its
      // answer. So does a multiplexed socket that sent without subscribing to the chat.
      const topic = topics.chat(chatId);
      if (!created || (!conn.topics.has(topic) && !conn.held.has(topic))) {
        outbound.send(conn, encode(newMessageFrame(message), chatChannel(chatId)));
      }
    },

    onEvent,
  };
}

function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
