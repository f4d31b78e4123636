/**
 * Cleaning a people-search query before it reaches the store. Control, format (zero-width,
 * bidi overrides) and line characters are dropped, runs of whitespace become one space, and
 * the result is folded like `users.search_key`, so a query can only ever match name text.
 */

/** Longest query kept; longer input is cut (names are short). */
export const MAX_SEARCH_CHARS = 64;

export function normalizeSearchQuery(raw: string): string {
  const cleaned = raw
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return [...cleaned].slice(0, MAX_SEARCH_CHARS).join('').toLowerCase();
}
