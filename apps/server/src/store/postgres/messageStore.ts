/**
 * Chat messages. `append` is one call of the `append_message` function (migration 002),
 * which assigns the seq and enforces idempotency in a single auto-committed statement;
 * see that file for why this is safe with writers on many nodes.
 */
import type { ChatEvent, Message } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import type { MessageStore } from '../types.js';
import type { PgContext } from './context.js';
import { createKeyedQueue } from './keyedQueue.js';
import { PG, pgCode, pgConstraint } from './pool.js';
import { EVENT_COLUMNS, MESSAGE_COLUMNS, toChatEvent, toMessage, type EventDbRow, type MessageDbRow } from '../rows.js';
import { attachReactions, type ReactionDbRow } from '../reactions.js';
import { appendEventWith } from './eventAppend.js';
import { POSTGRES_DIALECT, searchStatement } from '../searchSql.js';

/** Largest page one call returns, whatever the caller asks; the same cap as SQLite's. */
export const MAX_MESSAGE_PAGE = 1000;

export function createMessageStore(ctx: PgContext): MessageStore {
  const { rows, timed } = ctx;
  const appendEvent = appendEventWith(ctx);
  /**
   * Appends to one chat leave this node one at a time, in call order. The chat's row
   * lock serializes them in the database anyway, so this costs one network round trip
   * per append to a single busy chat; in exchange the seq order equals the order a
   * socket sent its messages in (as the SQLite writer's queue does), and pool
   * connections are not held blocked on that lock while other chats wait for one.
   */
  const perChat = createKeyedQueue();

  return {
    append: ({ chatId, senderId, content, attachment, attachmentName, attachmentSize, clientId, replyToSeq, mentions }) => timed('messages.append', () =>
      perChat.run(chatId, async () => {
        try {
          const [row] = await rows<MessageDbRow & { created: boolean }>(
            `SELECT created, ${MESSAGE_COLUMNS} FROM append_message($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              chatId,
              senderId,
              content,
              attachment,
              clientId,
              replyToSeq ?? null,
              attachmentName ?? null,
              attachmentSize ?? null,
              mentions && mentions.length > 0 ? mentions : null,
            ],
          );
          if (!row) throw new Error(`append_message returned no row for chat ${chatId}`);
          return { message: toMessage(row), created: row.created };
        } catch (err) {
          if (pgCode(err) === PG.NO_DATA_FOUND) throw new AppError('not_found', 'chat not found');
          if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION && pgConstraint(err) === 'messages_sender_id_fkey') {
            throw new AppError('not_found', 'sender not found');
          }
          throw err;
        }
      }),
    ),
    appendEvent: (input) => timed('messages.appendEvent', () => perChat.run(input.chatId, () => appendEvent(input))),
    events: (chatId, afterSeq, limit) => timed('messages.events', async (): Promise<ChatEvent[]> =>
      (await rows<EventDbRow>(
        `SELECT ${EVENT_COLUMNS} FROM messages WHERE chat_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3`,
        [chatId, afterSeq, Math.min(Math.max(Math.trunc(limit), 1), MAX_MESSAGE_PAGE)],
      )).map(toChatEvent),
    ),
    messageAt: (chatId, seq) => timed('messages.messageAt', async () => {
      const [row] = await rows<MessageDbRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = $1 AND seq = $2 AND kind = 'message'`, [chatId, seq]);
      return row ? toMessage(row) : null;
    }),
    attachmentInUse: (url) => timed('messages.attachmentInUse', async () =>
      (await rows('(SELECT 1 FROM messages WHERE attachment = $1 LIMIT 1) UNION ALL (SELECT 1 FROM users WHERE avatar_url = $1 LIMIT 1) LIMIT 1', [url])).length > 0,
    ),
    list: (chatId, opts) => timed('messages.list', async (): Promise<Message[]> => {
      const limit = Math.min(Math.max(Math.trunc(opts.limit), 1), MAX_MESSAGE_PAGE);
      const upper = opts.beforeSeq ?? Number.MAX_SAFE_INTEGER;
      const found = opts.afterSeq !== undefined
        ? await rows<MessageDbRow>(
          `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = $1 AND seq > $2 AND seq < $3 AND kind = 'message' ORDER BY seq ASC LIMIT $4`,
          [chatId, opts.afterSeq, upper, limit],
        )
        // Newest `limit` below the cursor, flipped back to ascending.
        : await rows<MessageDbRow>(
          `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = $1 AND seq < $2 AND kind = 'message' ORDER BY seq DESC LIMIT $3) page
            ORDER BY seq ASC`,
          [chatId, upper, limit],
        );
      const messages = found.map(toMessage);
      if (messages.length === 0) return messages;
      const reactions = await rows<ReactionDbRow>(
        `SELECT target_seq, reaction, user_id FROM message_reactions
          WHERE chat_id = $1 AND target_seq BETWEEN $2 AND $3 ORDER BY target_seq, created_at, reaction, user_id`,
        [chatId, messages[0]!.seq, messages.at(-1)!.seq],
      );
      return attachReactions(messages, reactions);
    }),
    search: (input) => timed('messages.search', async (): Promise<Message[]> => {
      const { text, values } = searchStatement(POSTGRES_DIALECT, input);
      return (await rows<MessageDbRow>(text, values)).map(toMessage);
    }),
    lastSeq: (chatId) => timed('messages.lastSeq', async () => {
      const [row] = await rows<{ last_seq: number }>('SELECT last_seq FROM chats WHERE id = $1', [chatId]);
      return row?.last_seq ?? 0;
    }),
  };
}
