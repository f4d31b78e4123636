/**
 * Edits, deletions and reactions. Each is checked and applied by the store in the same
 * transaction that appends its event (so racing changes cannot both pass a check), and
 * published only after that commit.
 */
import { ReactionToken } from '@parley/protocol';
import type { ChatEventLimits } from '../config.js';
import type { NewChatEvent, Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { Domain } from './domain.js';
import type { EventSink } from './events.js';
import type { RateLimiter } from './rateLimit.js';
import { checkMentions } from './mentions.js';
import { charLength, checkContent } from './text.js';
import { removeUnusedUpload } from './uploads.js';

export interface MessageEventsDeps {
  store: Store;
  events: EventSink;
  limiter: RateLimiter;
  chats: Domain['chats'];
  limits: ChatEventLimits;
  maxContentChars: number;
  dataDir: string;
}

export function createMessageEvents(deps: MessageEventsDeps): Domain['messageEvents'] {
  const { store, events, limiter, chats, limits, maxContentChars, dataDir } = deps;

  async function append(input: NewChatEvent) {
    await chats.assertMember(input.chatId, input.actorId);
    // Events count against the same per-user budget as messages.
    limiter.consume('message', input.actorId);
    const result = await store.messages.appendEvent(input);
    if (result.event) events.publish({ kind: 'chat_event', event: result.event, chat: null });
    return result;
  }

  function checkReaction(reaction: string): string {
    if (!ReactionToken.safeParse(reaction).success) throw new AppError('invalid', 'a reaction is a short text without spaces or control characters');
    if (charLength(reaction) > limits.maxReactionChars) throw new AppError('invalid', `a reaction is at most ${limits.maxReactionChars} characters`);
    return reaction;
  }

  return {
    async edit(userId, chatId, targetSeq, raw, rawMentions) {
      const content = checkContent(raw, maxContentChars, 'content');
      const mentions = checkMentions(rawMentions, await chats.memberIds(chatId));
      const { event } = await append({ chatId, actorId: userId, change: { type: 'message_edited', targetSeq, content, mentions, editWindowMs: limits.editWindowMs } });
      return event!;
    },

    async delete(userId, chatId, targetSeq) {
      const { event, removedAttachment } = await append({ chatId, actorId: userId, change: { type: 'message_deleted', targetSeq } });
      // The file goes too, unless another message still shows the same upload.
      if (removedAttachment) await removeUnusedUpload(store, dataDir, removedAttachment);
      return event!;
    },

    async react(userId, chatId, targetSeq, raw, remove) {
      const reaction = checkReaction(raw);
      const change = remove
        ? { type: 'reaction_removed' as const, targetSeq, reaction }
        : { type: 'reaction_added' as const, targetSeq, reaction, maxReactions: limits.maxReactionsPerMessage };
      const { event } = await append({ chatId, actorId: userId, change });
      return { event };
    },
  };
}
