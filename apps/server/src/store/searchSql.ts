/**
 * GET /search as SQL, for both engines: one statement whose text depends only on which
 * filters are present (so it can be prepared once per shape) and whose every value is a
 * bound parameter. Membership is checked in the statement itself — the hits come only
 * from chats the user belongs to at that moment, so a chat left or lost is never searched.
 */
import { hasSearchText, toFts5Match, toTsQuery } from '@parley/protocol';
import { MESSAGE_COLUMNS, qualified } from './rows.js';
import type { MessageSearch } from './types.js';

interface Dialect {
  /** The placeholder for the n-th (1-based) parameter. */
  param(n: number): string;
  /**
   * `FROM …` and the WHERE condition that make the full-text match, given its parameter,
   * and the id column to order and page by (the index's own rowid on SQLite, so FTS5
   * walks its hits newest first and stops at the limit instead of sorting them all).
   */
  textMatch(p: string): { from: string; where: string; id: string };
  /** The text-match parameter's value. */
  matchValue(search: MessageSearch): string;
  /** Whether `haystack` (already lower case) contains `needle`. */
  contains(haystack: string, needle: string): string;
  lower(expr: string): string;
  isFalse(column: string): string;
}

export const SQLITE_DIALECT: Dialect = {
  param: () => '?',
  // The index is its own file, attached as `search_index` (sqlite/searchIndex/).
  textMatch: (p) => ({ from: 'search_index.messages_fts f JOIN messages m ON m.id = f.rowid', where: `f.messages_fts MATCH ${p}`, id: 'f.rowid' }),
  matchValue: (s) => toFts5Match(s.query),
  contains: (h, n) => `instr(${h}, ${n}) > 0`,
  // SQLite's lower() folds ASCII only; the store registers this one (JavaScript's full folding).
  lower: (e) => `parley_fold(${e})`,
  isFalse: (c) => `${c} = 0`,
};

export const POSTGRES_DIALECT: Dialect = {
  param: (n) => `$${n}`,
  textMatch: (p) => ({ from: 'messages m', where: `m.search @@ to_tsquery('simple', ${p})`, id: 'm.id' }),
  matchValue: (s) => toTsQuery(s.query),
  contains: (h, n) => `strpos(${h}, ${n}) > 0`,
  lower: (e) => `lower(${e})`,
  isFalse: (c) => `NOT ${c}`,
};

export interface SearchStatement {
  text: string;
  values: unknown[];
}

export function searchStatement(d: Dialect, search: MessageSearch): SearchStatement {
  const values: unknown[] = [];
  const bind = (value: unknown) => {
    values.push(value);
    return d.param(values.length);
  };
  const where: string[] = [];
  let from = 'messages m';
  let id = 'm.id';
  if (hasSearchText(search.query)) {
    const match = d.textMatch(bind(d.matchValue(search)));
    ({ from, id } = match);
    where.push(match.where);
  }
  where.push(`m.chat_id IN (SELECT chat_id FROM chat_members WHERE user_id = ${bind(search.userId)})`);
  where.push("m.kind = 'message'", d.isFalse('m.deleted'));
  if (search.chatId !== undefined) where.push(`m.chat_id = ${bind(search.chatId)}`);
  if (search.beforeId !== undefined) where.push(`${id} < ${bind(search.beforeId)}`);
  const q = search.query;
  if (q.hasFile) where.push('m.attachment IS NOT NULL');
  if (q.before !== null) where.push(`m.created_at < ${bind(q.before)}`);
  if (q.after !== null) where.push(`m.created_at >= ${bind(q.after)}`);
  if (q.from.length > 0) {
    // Several from: values mean any of those people (as Slack reads them). search_key is
    // the folded name only (migration 005), so an email address never matches.
    const senders = q.from.map((name) => name === 'me'
      ? `m.sender_id = ${bind(search.userId)}`
      : `m.sender_id IN (SELECT id FROM users WHERE ${d.contains('search_key', bind(name))})`);
    where.push(`(${senders.join(' OR ')})`);
  }
  for (const name of q.in) {
    // A group by its title; a 1:1 chat by the other member's name. SQLite's `?`
    // bind by position, so each value is bound where it appears in the text.
    where.push(`m.chat_id IN (SELECT c.id FROM chats c WHERE ${d.contains(d.lower("coalesce(c.title, '')"), bind(name))}
      OR (${d.isFalse('c.is_group')} AND EXISTS (SELECT 1 FROM chat_members o JOIN users u ON u.id = o.user_id
        WHERE o.chat_id = c.id AND o.user_id <> ${bind(search.userId)} AND ${d.contains('u.search_key', bind(name))})))`);
  }
  const limit = bind(search.limit);
  return {
    text: `SELECT ${qualified(MESSAGE_COLUMNS, 'm')} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${id} DESC LIMIT ${limit}`,
    values,
  };
}
