/**
 * The search box's little language, shared by the server (GET /search `q`) and the
 * desktop (its offline index), so both read a query the same way:
 *
 *   free words            every word must match, each as a word prefix ("deplo" finds "deploy")
 *   "quoted phrase"       those words in that order
 *   from:ada  from:me     sent by a member whose name contains "ada" (or by me)
 *   in:design             in a chat whose title (or, 1:1, the other member's name) contains it
 *   has:file              carries an attachment
 *   before:2024-05-01     sent before that day (UTC)
 *   after:2024-05-01      sent after that day (UTC), as Slack reads it
 *
 * Parsing never fails: a filter with a value it cannot use (`before:soon`) or an
 * unknown `key:value` (`10:30`, `http://x`) is read as plain words. Words are reduced to
 * runs of letters, digits and combining marks — the characters the full-text tokenizers
 * of SQLite (unicode61) and PostgreSQL ('simple') index — so what reaches an FTS query
 * can never carry its syntax (quotes, `*`, `NEAR`, `:`, `&`, `|`, `!`, parentheses).
 */

export interface ParsedSearch {
  /** Lower-cased words that must each match as a prefix of an indexed word. */
  terms: string[];
  /** Quoted phrases, each as lower-cased words that must match in order. */
  phrases: string[][];
  /** `from:` values, lower-cased; `me` means the searching user. */
  from: string[];
  /** `in:` values, lower-cased. */
  in: string[];
  hasFile: boolean;
  /** Messages strictly before this instant (ISO-8601 UTC), from `before:`. */
  before: string | null;
  /** Messages at or after this instant (ISO-8601 UTC), from `after:` (the day after the given one). */
  after: string | null;
}

/** Longest query looked at; anything past it is ignored (a search box, not a document). */
export const MAX_SEARCH_QUERY_CHARS = 500;
/** At most this many words and phrases are used, so one query cannot become a huge SQL match. */
export const MAX_SEARCH_TERMS = 16;

/** At most this many `from:` and `in:` values each are used (more cannot narrow much further). */
export const MAX_SEARCH_FILTER_VALUES = 5;

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The letters-and-digits words of a piece of text, lower-cased. */
export function searchWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []);
}

/** Midnight UTC of a `YYYY-MM-DD` that names a real day, else null. */
function parseDay(value: string): number | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2024-02-31 over into March: a day that does not exist is not a date.
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : null;
}

/** Splits into whitespace-separated pieces, keeping a double-quoted run (quotes included) as one piece. */
function pieces(input: string): string[] {
  const out: string[] = [];
  const re = /"[^"]*"?|[^\s"]+/g;
  for (const match of input.matchAll(re)) out.push(match[0]);
  return out;
}

export function parseSearchQuery(raw: string): ParsedSearch {
  const parsed: ParsedSearch = { terms: [], phrases: [], from: [], in: [], hasFile: false, before: null, after: null };
  const words = (text: string) => {
    for (const w of searchWords(text)) if (!parsed.terms.includes(w)) parsed.terms.push(w);
  };
  for (const piece of pieces(raw.slice(0, MAX_SEARCH_QUERY_CHARS))) {
    if (piece.startsWith('"')) {
      const phrase = searchWords(piece);
      if (phrase.length === 1) words(phrase[0]!);
      else if (phrase.length > 1) parsed.phrases.push(phrase);
      continue;
    }
    const colon = piece.indexOf(':');
    const key = colon > 0 ? piece.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? piece.slice(colon + 1) : '';
    if (key === 'from' && value !== '') parsed.from.push(value.toLowerCase());
    else if (key === 'in' && value !== '') parsed.in.push(value.toLowerCase());
    else if (key === 'has' && value.toLowerCase() === 'file') parsed.hasFile = true;
    else if (key === 'before' && parseDay(value) !== null) parsed.before = new Date(parseDay(value)!).toISOString();
    else if (key === 'after' && parseDay(value) !== null) parsed.after = new Date(parseDay(value)! + DAY_MS).toISOString();
    else words(piece);
  }
  const keep = Math.max(0, MAX_SEARCH_TERMS - parsed.phrases.length);
  parsed.phrases = parsed.phrases.slice(0, MAX_SEARCH_TERMS);
  parsed.terms = parsed.terms.slice(0, keep);
  parsed.from = [...new Set(parsed.from)].slice(0, MAX_SEARCH_FILTER_VALUES);
  parsed.in = [...new Set(parsed.in)].slice(0, MAX_SEARCH_FILTER_VALUES);
  return parsed;
}

/** Whether the query asks for any text at all (else only filters select messages). */
export function hasSearchText(q: ParsedSearch): boolean {
  return q.terms.length > 0 || q.phrases.length > 0;
}

/** Whether the query selects anything: text or at least one filter. */
export function isSearchEmpty(q: ParsedSearch): boolean {
  return !hasSearchText(q) && q.from.length === 0 && q.in.length === 0 && !q.hasFile && q.before === null && q.after === null;
}

/**
 * The SQLite FTS5 MATCH expression: each word a quoted prefix (`"deplo"*`), each phrase a
 * quoted phrase, all required. Quotes are doubled although words cannot contain them.
 */
export function toFts5Match(q: ParsedSearch): string {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return [...q.terms.map((t) => `${quote(t)}*`), ...q.phrases.map((p) => quote(p.join(' ')))].join(' AND ');
}

/** The PostgreSQL `to_tsquery('simple', …)` text: prefixes `word:*`, phrases `(a <-> b)`, all required. */
export function toTsQuery(q: ParsedSearch): string {
  const lexeme = (s: string) => `'${s.replaceAll("'", "''")}'`;
  return [
    ...q.terms.map((t) => `${lexeme(t)}:*`),
    ...q.phrases.map((p) => `(${p.map(lexeme).join(' <-> ')})`),
  ].join(' & ');
}
