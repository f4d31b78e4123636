/** Chat messages and events: appends through the writer (seq + checks in one transaction), pages read here. */
import { hasSearchText, type ChatEvent, type Message } from '@parley/protocol';
import type { MessageStore } from '../types.js';
import type { SqliteContext } from './context.js';
import { EVENT_COLUMNS, MESSAGE_COLUMNS, toChatEvent, toMessage, type EventDbRow, type MessageDbRow } from '../rows.js';
import { attachReactions, type ReactionDbRow } from '../reactions.js';
import { SQLITE_DIALECT, searchStatement } from '../searchSql.js';
import type { Statement } from './db.js';
import type { SearchIndexClient } from './searchIndex/indexClient.js';

/**
 * Largest page one call returns, whatever the caller asks: a page is built on the event
 * loop, and 1,000 rows is a few milliseconds. Callers page on for more.
 */
export const MAX_MESSAGE_PAGE = 1000;

export function createMessageStore({ read, writer, timed }: SqliteContext, searchIndex: SearchIndexClient): MessageStore {
  const after = read.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = ? AND seq > ? AND seq < ? AND kind = 'message' ORDER BY seq ASC LIMIT ?`,
  );
  // Newest `limit` below the cursor, flipped back to ascending.
  const before = read.prepare(
    `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = ? AND seq < ? AND kind = 'message' ORDER BY seq DESC LIMIT ?)
      ORDER BY seq ASC`,
  );
  const reactions = read.prepare(
    `SELECT target_seq, reaction, user_id FROM message_reactions
      WHERE chat_id = ? AND target_seq BETWEEN ? AND ? ORDER BY target_seq, created_at, reaction, user_id`,
  );
  const events = read.prepare(`SELECT ${EVENT_COLUMNS} FROM messages WHERE chat_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?`);
  const messageAt = read.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE chat_id = ? AND seq = ? AND kind = 'message'`);
  const attachmentInUse = read.prepare('SELECT 1 FROM messages WHERE attachment = ? UNION ALL SELECT 1 FROM users WHERE avatar_url = ? LIMIT 1').pluck();
  const lastSeq = read.prepare('SELECT last_seq FROM chats WHERE id = ?').pluck();
  // Chat titles in `in:` are folded as users.search_key is (full Unicode, not SQLite's ASCII lower()).
  read.function('parley_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : ''));
  // Search statements differ only by which filters are present: prepared once per shape.
  const searchShapes = new Map<string, Statement>();

  return {
    append: (input) => timed('messages.append', () => writer.call('message.append', input)),
    appendEvent: (input) => timed('messages.appendEvent', () => writer.call('chat.event', input)),
    list: (chatId, opts) => timed('messages.list', (): Message[] => {
      const limit = Math.min(Math.max(Math.trunc(opts.limit), 1), MAX_MESSAGE_PAGE);
      const upper = opts.beforeSeq ?? Number.MAX_SAFE_INTEGER;
      const rows = opts.afterSeq !== undefined
        ? after.all(chatId, opts.afterSeq, upper, limit)
        : before.all(chatId, upper, limit);
      const messages = (rows as MessageDbRow[]).map(toMessage);
      if (messages.length === 0) return messages;
      return attachReactions(messages, reactions.all(chatId, messages[0]!.seq, messages.at(-1)!.seq) as ReactionDbRow[]);
    }),
    events: (chatId, afterSeq, limit) => timed('messages.events', (): ChatEvent[] =>
      (events.all(chatId, afterSeq, Math.min(Math.max(Math.trunc(limit), 1), MAX_MESSAGE_PAGE)) as EventDbRow[]).map(toChatEvent),
    ),
    messageAt: (chatId, seq) => timed('messages.messageAt', () => {
      const row = messageAt.get(chatId, seq) as MessageDbRow | undefined;
      return row ? toMessage(row) : null;
    }),
    attachmentInUse: (url) => timed('messages.attachmentInUse', () => attachmentInUse.get(url, url) !== undefined),
    search: (input) => timed('messages.search', async (): Promise<Message[]> => {
      if (hasSearchText(input.query)) {
        // The index is brought up to date by its own thread: wait until it holds every
        // message, edit and deletion committed before this search.
        await searchIndex.catchUp();
        searchIndex.attach(read);
      }
      const { text, values } = searchStatement(SQLITE_DIALECT, input);
      let statement = searchShapes.get(text);
      if (!statement) searchShapes.set(text, (statement = read.prepare(text)));
      return (statement.all(...values) as MessageDbRow[]).map(toMessage);
    }),
    lastSeq: (chatId) => timed('messages.lastSeq', () => (lastSeq.get(chatId) as number | undefined) ?? 0),
  };
}
