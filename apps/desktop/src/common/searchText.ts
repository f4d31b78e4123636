/**
 * Highlighting search hits and mentions in message text, as plain segments the renderer
 * turns into React elements: text is never interpreted as HTML, so a message that
 * contains markup shows that markup as text (no injection through a highlight).
 */
import { searchWords, type ParsedSearch } from '@parley/protocol';

export interface TextSegment {
  text: string;
  /** A searched word (or part of a phrase) matched here. */
  hit?: boolean;
  /** This is `@Name` of that mentioned user. */
  mention?: number;
}

/** Lower case without diacritics, as the indexes compare words ("Café" ~ "cafe"). */
function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Splits `text` into runs, marking each word a query term is a prefix of (or a phrase word equals). */
export function highlightSegments(text: string, query: ParsedSearch): TextSegment[] {
  const prefixes = query.terms.map(fold);
  const exact = new Set(query.phrases.flat().map(fold));
  if (prefixes.length === 0 && exact.size === 0) return text ? [{ text }] : [];
  const out: TextSegment[] = [];
  let at = 0;
  for (const match of text.matchAll(WORD)) {
    const word = fold(match[0]);
    if (!exact.has(word) && !prefixes.some((p) => word.startsWith(p))) continue;
    if (match.index > at) out.push({ text: text.slice(at, match.index) });
    out.push({ text: match[0], hit: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/**
 * A short excerpt around the first hit (the whole text when short), with an ellipsis
 * where text was cut, so a hit deep in a long message is visible in a result row.
 */
export function snippetSegments(text: string, query: ParsedSearch, radius = 60): TextSegment[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  const segments = highlightSegments(flat, query);
  if (flat.length <= radius * 2) return segments;
  let offset = 0;
  let firstHit = 0;
  for (const s of segments) {
    if (s.hit) {
      firstHit = offset;
      break;
    }
    offset += s.text.length;
  }
  const start = Math.max(0, firstHit - radius);
  const end = Math.min(flat.length, firstHit + radius * 2);
  const out: TextSegment[] = start > 0 ? [{ text: '…' }] : [];
  offset = 0;
  for (const s of segments) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + s.text.length);
    if (to > from) out.push({ ...s, text: s.text.slice(from - offset, to - offset) });
    offset += s.text.length;
  }
  if (end < flat.length) out.push({ text: '…' });
  return out;
}

/** The words a query would match, for screen readers and tests ("matches: deploy, notes"). */
export function queryWords(query: ParsedSearch): string[] {
  return [...query.terms, ...query.phrases.flat()];
}

/**
 * Marks `@Name` for each mentioned member. Longer names are matched first, so "@Ann Lee"
 * is not read as "@Ann" followed by " Lee". A name that no longer appears in the text
 * (edited away) simply marks nothing.
 */
export function mentionSegments(text: string, mentioned: readonly { id: number; name: string }[]): TextSegment[] {
  const names = [...mentioned].filter((m) => m.name).sort((a, b) => b.name.length - a.name.length);
  if (names.length === 0) return text ? [{ text }] : [];
  const out: TextSegment[] = [];
  let plain = '';
  for (let i = 0; i < text.length; ) {
    const found = text[i] === '@' ? names.find((m) => text.startsWith(m.name, i + 1)) : undefined;
    if (!found) {
      plain += text[i];
      i++;
      continue;
    }
    if (plain) out.push({ text: plain });
    plain = '';
    out.push({ text: `@${found.name}`, mention: found.id });
    i += found.name.length + 1;
  }
  if (plain) out.push({ text: plain });
  return out;
}

/** Lower-cased words of a name, for matching what is typed after `@`. */
export function nameMatches(name: string, typed: string): boolean {
  const q = typed.toLowerCase();
  if (!q) return true;
  return name.toLowerCase().startsWith(q) || searchWords(name).some((w) => w.startsWith(q));
}
