/**
 * `messages/{chat_id}` (and `messages/*` on the multiplexed endpoint: every chat the
 * user is in, including chats created later or joined by being added). Sends, edits,
 * deletions, reactions, reads and typing go through the domain, which stores durably
 * and publishes; every event of the chat's seq stream reaches every socket of every
 * member on the chat's topic, actor included; typing reaches the others only and is
 * shed for slow sockets. A member who is removed or leaves gets that event and then
 * nothing more from the chat (see `revoke`).
 */
import { CLOSE_CODES, chatChannel, type Channel, type ChatCreatedFrame, type ChatEvent, type ReadFrame, type TypingServerFrame } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import { longerThan } from '../../domain/text.js';
import type { DomainEvent } from '../../domain/events.js';
import type { ChannelClientFrame, ChannelHandler, RealtimeContext } from '../channel.js';
import type { Conn } from '../conn.js';
import { encode, errorFrame, newMessageFrame, type FrameError } from '../frames.js';
import { topics } from '../hub.js';
import type { Resumer } from '../resume.js';

const ALL = 'messages/*';

/** Ends one channel of a multiplexed socket, as an unsubscribe would (without the reply). */
export type RevokeChannel = (conn: Conn, name: string) => void;

export function createMessagesChannel(ctx: RealtimeContext, resumer: Resumer, revokeChannel: RevokeChannel): ChannelHandler {
  const { domain, hub, outbound } = ctx;

  /** Sockets listening to every chat start receiving this one, and hear about it first. */
  function announce(userId: number, frame: ChatCreatedFrame): void {
    const text = encode(frame, ALL);
    for (const conn of hub.socketsOf(userId)) {
      if (!conn.channels.has(ALL)) continue;
      hub.want(conn, topics.chat(frame.chat.id), ALL);
      outbound.send(conn, text);
    }
  }

  /**
   * The removed member's sockets get the event itself directly (their native
   * subscription ends first, so it is not delivered twice), then: a per-chat socket is
   * closed with the terminal `forbidden` code; a `/ws` subscription to the chat gets a
   * `forbidden` error and ends; `messages/*` simply stops carrying the chat.
   */
  function revoke(chatId: number, userId: number, text: string): void {
    const topic = topics.chat(chatId);
    const name = chatChannel(chatId);
    for (const conn of [...hub.socketsOf(userId)]) {
      const channels = conn.topics.get(topic);
      if (!channels) continue;
      const names = [...channels];
      resumer.cancel(conn, chatId);
      for (const channelName of names) hub.unwant(conn, topic, channelName);
      outbound.send(conn, text);
      if (conn.fixedChannel === name) {
        ctx.metrics.serverClosesTotal.inc({ reason: 'revoked' });
        conn.ws?.end(CLOSE_CODES.forbidden, 'access to the channel was revoked');
      } else if (names.includes(name)) {
        outbound.send(conn, errorFrame('forbidden', 'access to the channel was revoked', { channel: name }));
        revokeChannel(conn, name);
      }
    }
  }

  function onChatEvent(event: ChatEvent, chat: Extract<DomainEvent, { kind: 'chat_event' }>['chat']): void {
    const text = encode(event, chatChannel(event.chat_id));
    if (event.type === 'member_added' && chat) {
      announce(event.user_id, {
        type: 'chat_created',
        chat: { id: event.chat_id, title: chat.title, member_ids: event.member_ids, is_group: chat.isGroup, admin_ids: chat.adminIds },
      });
    }
    if (event.type === 'member_removed' || event.type === 'member_left') revoke(event.chat_id, event.user_id, text);
    outbound.publish(topics.chat(event.chat_id), text, event.type);
    resumer.onMessage(event.chat_id, event.seq, text);
  }

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
      case 'chat_event':
        onChatEvent(event.event, event.chat);
        break;
      case 'chat_created': {
        const frame: ChatCreatedFrame = {
          type: 'chat_created',
          chat: { id: event.chatId, title: event.title, member_ids: event.memberIds, is_group: event.isGroup, admin_ids: event.adminIds },
        };
        for (const userId of event.memberIds) announce(userId, frame);
        break;
      }
      case 'read': {
        // To the members on the chat, and to the reader's other devices wherever they listen.
        const frame: ReadFrame = { type: 'read', chat_id: event.chatId, user_id: event.userId, seq: event.seq };
        const topic = topics.chat(event.chatId);
        const text = encode(frame, chatChannel(event.chatId));
        outbound.publish(topic, text, 'read');
        for (const conn of hub.socketsOf(event.userId)) {
          if (conn.topics.has(topic) && !conn.held.has(topic)) continue;
          if (conn.endpoint === 'multiplexed' || conn.label === 'messages') outbound.send(conn, text);
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

  function isSubscribed(conn: Conn, chatId: number): boolean {
    const topic = topics.chat(chatId);
    return conn.topics.has(topic) || conn.held.has(topic);
  }

  /** A multiplexed socket that acted on a chat without subscribing still gets its answer. */
  function answerUnsubscribed(conn: Conn, chatId: number, text: string): void {
    if (!isSubscribed(conn, chatId)) outbound.send(conn, text);
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
      if (frame.type !== 'message' && frame.type !== 'edit') return null;
      // Cheap and exact enough to refuse before queueing; the domain checks again after cleaning.
      const max = ctx.config.maxContentChars;
      if (longerThan(frame.content, max)) {
        return { code: 'too_long', message: `content is too long (at most ${max} characters)`, unexpected: false };
      }
      return null;
    },

    async handleFrame(conn: Conn, _name: string, channel: Channel, frame: ChannelClientFrame) {
      if (channel.kind !== 'messages') throw new AppError('invalid', `${frame.type} frames belong on a messages/{chat_id} channel`);
      const { chatId } = channel;
      const channelName = chatChannel(chatId);
      switch (frame.type) {
        case 'typing':
          await domain.messages.typing(conn.userId, chatId, frame.is_typing);
          return;
        case 'read':
          await domain.chats.markRead(conn.userId, chatId, frame.seq);
          return;
        case 'edit':
          answerUnsubscribed(conn, chatId, encode(await domain.messageEvents.edit(conn.userId, chatId, frame.target_seq, frame.content, frame.mentions ?? null), channelName));
          return;
        case 'delete':
          answerUnsubscribed(conn, chatId, encode(await domain.messageEvents.delete(conn.userId, chatId, frame.target_seq), channelName));
          return;
        case 'react': {
          const { event } = await domain.messageEvents.react(conn.userId, chatId, frame.target_seq, frame.reaction, frame.remove ?? false);
          if (event) answerUnsubscribed(conn, chatId, encode(event, channelName));
          return;
        }
        case 'message': {
          const { message, created } = await domain.messages.send(conn.userId, chatId, {
            content: frame.content,
            attachment: frame.attachment ?? null,
            clientId: frame.client_id ?? null,
            replyToSeq: frame.reply_to_seq ?? null,
            mentions: frame.mentions ?? null,
          });
          // A resend with a known client_id is not published again; this socket still gets its
          // answer. The frame is only built when needed: this is the hot path.
          if (!created || !isSubscribed(conn, chatId)) outbound.send(conn, encode(newMessageFrame(message), channelName));
          return;
        }
      }
    },

    onEvent,
  };
}
