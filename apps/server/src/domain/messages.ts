/**
 * Chat messages: one path for REST and WebSocket sends. Order and durability come from
 * the store (per-chat seq, committed before resolving); this layer adds membership,
 * validation, rate limits and the single `message_created` event per stored message.
 */
import { ClientId, LIMITS } from '@parley/protocol';
import type { Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { Domain } from './domain.js';
import type { RateLimiter } from './rateLimit.js';
import { checkMentions } from './mentions.js';
import { checkContent } from './text.js';
import { uploadExists, uploadNameFromUrl } from './uploads.js';

export interface MessagesDeps {
  store: Store;
  events: EventSink;
  limiter: RateLimiter;
  chats: Domain['chats'];
  maxContentChars: number;
  dataDir: string;
}

export function createMessages(deps: MessagesDeps): Domain['messages'] {
  const { store, events, limiter, chats, maxContentChars, dataDir } = deps;

  async function checkAttachment(attachment: string | null | undefined): Promise<string | null> {
    if (attachment == null || attachment === '') return null;
    const name = uploadNameFromUrl(attachment);
    if (!name || !(await uploadExists(dataDir, name))) throw new AppError('invalid', 'attachment must be a URL returned by POST /upload');
    return attachment;
  }

  return {
    async send(userId, chatId, input) {
      // Members are read before the append so the event can be published in the same
      // tick the commit resolves: no await between commit and publish keeps events in
      // seq order, which resume's replay-then-live hand-over relies on.
      const memberIds = await chats.memberIds(chatId);
      if (!memberIds.includes(userId)) await chats.assertMember(chatId, userId);
      limiter.consume('message', userId);
      if (input.clientId != null && !ClientId.safeParse(input.clientId).success) {
        throw new AppError('invalid', 'client_id must be 1–64 printable ASCII characters');
      }
      const attachment = await checkAttachment(input.attachment);
      const content = checkContent(input.content, maxContentChars, 'content', attachment !== null);
      const mentions = checkMentions(input.mentions, memberIds);
      const replyToSeq = input.replyToSeq ?? null;
      // Only replies pay for this read; a plain send stays as cheap as before.
      if (replyToSeq !== null) {
        const target = await store.messages.messageAt(chatId, replyToSeq);
        if (!target || target.deleted) throw new AppError('invalid', `reply_to_seq ${replyToSeq} is not a message of this chat`);
      }
      const result = await store.messages.append({ chatId, senderId: userId, content, attachment, clientId: input.clientId ?? null, replyToSeq, mentions });
      // A resend with a known client_id returns the original and must not be delivered twice.
      if (result.created) {
        events.publish({ kind: 'message_created', message: result.message, memberIds });
      }
      return result;
    },

    async list(userId, chatId, opts) {
      await chats.assertMember(chatId, userId);
      const limit = Math.min(Math.max(1, opts.limit ?? LIMITS.defaultPageSize), LIMITS.maxPageSize);
      return store.messages.list(chatId, { afterSeq: opts.afterSeq, beforeSeq: opts.beforeSeq, limit });
    },

    async typing(userId, chatId, isTyping) {
      limiter.consume('typing', userId);
      await chats.assertMember(chatId, userId);
      events.publish({ kind: 'typing', chatId, userId, isTyping, memberIds: await chats.memberIds(chatId) });
    },
  };
}
