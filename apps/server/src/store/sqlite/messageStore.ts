/** Chat messages: `append` through the writer (seq + idempotency in one transaction), pages read here. */
import type { Message } from '@parley/protocol';
import type { MessageStore } from '../types.js';
import type { SqliteContext } from './context.js';
import { MESSAGE_COLUMNS, toMessage, type MessageDbRow } from '../rows.js';

/**
 * Largest page one call returns, whatever the caller asks: a page is built on the event
 * loop, and 1,000 rows is a few milliseconds. Callers page on for more.
 */
export const MAX_MESSAGE_PAGE = 1000;

export function createMessageStore({ read, writer, timed }: SqliteContext): MessageStore {
  const after = read.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = ? AND seq > ? AND seq < ? ORDER BY seq ASC LIMIT ?`,
  );
  // Newest `limit` below the cursor, flipped back to ascending.
  const before = read.prepare(
    `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?)
      ORDER BY seq ASC`,
  );
  const lastSeq = read.prepare('SELECT last_seq FROM chats WHERE id = ?').pluck();

  return {
    append: (input) => timed('messages.append', () => writer.call('message.append', input)),
    list: (chatId, opts) => timed('messages.list', (): Message[] => {
      const limit = Math.min(Math.max(Math.trunc(opts.limit), 1), MAX_MESSAGE_PAGE);
      const upper = opts.beforeSeq ?? Number.MAX_SAFE_INTEGER;
      const rows = opts.afterSeq !== undefined
        ? after.all(chatId, opts.afterSeq, upper, limit)
        : before.all(chatId, upper, limit);
      return (rows as MessageDbRow[]).map(toMessage);
    }),
    lastSeq: (chatId) => timed('messages.lastSeq', () => (lastSeq.get(chatId) as number | undefined) ?? 0),
  };
}
