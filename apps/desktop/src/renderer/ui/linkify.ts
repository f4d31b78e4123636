/**
 * Finds http(s) links in plain text. The result is data (text and link pieces), which
 * React renders as text nodes and <a> elements, so message text can never become HTML.
 * Trailing punctuation that usually ends a sentence is left out of the link, and a
 * closing bracket only belongs to the link when the link opened one
 * (`(see https://en.wikipedia.org/wiki/Foo_(bar))`).
 */
export type TextPiece = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"*_~]+$/;
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** Drops sentence punctuation and unbalanced closing brackets from the end of a match. */
function trimLink(raw: string): string {
  let link = raw;
  for (;;) {
    const before = link;
    link = link.replace(TRAILING, '');
    const last = link.at(-1);
    const open = last ? PAIRS[last] : undefined;
    if (last && open && count(link, last) > count(link, open)) link = link.slice(0, -1);
    if (link === before) return link;
  }
}

export function linkify(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const link = trimLink(match[0]);
    // `https://` alone (or with only punctuation) is not a link.
    if (!/^https?:\/\/[^/?#]+/i.test(link)) continue;
    const start = match.index;
    if (start > at) pieces.push({ kind: 'text', text: text.slice(at, start) });
    pieces.push({ kind: 'link', text: link, href: link });
    at = start + link.length;
  }
  if (at < text.length) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}
