/**
 * Chat messages: one path for REST and WebSocket sends. Order and durability come from
 * the store (per-chat seq, committed before resolving); this layer adds membership,
 * validation, rate limits and the single `message_created` event per stored message.
 */
import { ClientId, LIMITS } from '@parley/protocol';
import type { Store, UploadRow } from '../store/types.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { Domain } from './domain.js';
import type { RateLimiter } from './rateLimit.js';
import { checkMentions } from './mentions.js';
import { checkContent } from './text.js';
import { UPLOAD_URL_PREFIX, uploadNameFromUrl } from './uploads.js';

export interface MessagesDeps {
  store: Store;
  events: EventSink;
  limiter: RateLimiter;
  chats: Domain['chats'];
  maxContentChars: number;
}

export function createMessages(deps: MessagesDeps): Domain['messages'] {
  const { store, events, limiter, chats, maxContentChars } = deps;

  /**
   * Your own upload, or a file already shown in a chat you are in (forwarding): never
   * someone else's upload that you merely learned the name of.
   */
  async function checkAttachment(userId: number, attachment: string): Promise<UploadRow> {
    const name = uploadNameFromUrl(attachment);
    const row = name ? await store.uploads.byName(name) : null;
    if (!row) throw new AppError('invalid', 'attachment must be a URL returned by POST /upload');
    if (row.owner_id !== userId && !(await store.uploads.visibleTo(attachment, userId))) {
      throw new AppError('invalid', 'attachment must be a file you uploaded or one shown in a chat you are in');
    }
    return row;
  }

  /**
   * In a 1:1 chat neither side of a block may write to the other. Only two-member chats
   * are looked up (a group of two pays one more read), so group sends cost nothing.
   */
  async function refuseIfBlocked(userId: number, chatId: number, otherId: number): Promise<void> {
    if (!(await store.blocks.between(userId, otherId))) return;
    if ((await store.chats.byId(chatId))?.is_group) return;
    throw new AppError('forbidden', 'you cannot message this person');
  }

  return {
    async send(userId, chatId, input) {
      // Members are read before the append so the event can be published in the same
      // tick the commit resolves: no await between commit and publish keeps events in
      // seq order, which resume's replay-then-live hand-over relies on.
      const memberIds = await chats.memberIds(chatId);
      if (!memberIds.includes(userId)) await chats.assertMember(chatId, userId);
      limiter.consume('message', userId);
      // Only a pair can be blocked: a group send skips the call and its await.
      if (memberIds.length === 2) await refuseIfBlocked(userId, chatId, memberIds[0] === userId ? memberIds[1]! : memberIds[0]!);
      if (input.clientId != null && !ClientId.safeParse(input.clientId).success) {
        throw new AppError('invalid', 'client_id must be 1–64 printable ASCII characters');
      }
      const upload = input.attachment ? await checkAttachment(userId, input.attachment) : null;
      const attachment = upload ? `${UPLOAD_URL_PREFIX}${upload.name}` : null;
      const content = checkContent(input.content, maxContentChars, 'content', attachment !== null);
      const mentions = checkMentions(input.mentions, memberIds);
      const replyToSeq = input.replyToSeq ?? null;
      // Only replies pay for this read; a plain send stays as cheap as before.
      if (replyToSeq !== null) {
        const target = await store.messages.messageAt(chatId, replyToSeq);
        if (!target || target.deleted) throw new AppError('invalid', `reply_to_seq ${replyToSeq} is not a message of this chat`);
      }
      const result = await store.messages.append({
        chatId,
        senderId: userId,
        content,
        attachment,
        // Every member sees the name it was uploaded under, not the random stored name.
        attachmentName: upload?.original_name ?? null,
        attachmentSize: upload?.size ?? null,
        clientId: input.clientId ?? null,
        replyToSeq,
        mentions,
      });
      // A resend with a known client_id returns the original and must not be delivered twice.
      if (result.created) {
        events.publish({ kind: 'message_created', message: result.message, memberIds });
        // After the publish: no await may come between commit and publish (see above).
        // An attached file is no longer the sweeper's to remove.
        if (upload && upload.attached_at === null) await store.uploads.markAttached(upload.name);
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
