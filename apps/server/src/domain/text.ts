/**
 * User-written text (messages, posts, comments). The server stores plain strings and
 * never interprets them as HTML; it only removes characters that have no business in
 * typed text and enforces the length limit.
 */
import { AppError } from './errors.js';

// C0 controls except \t and \n, DEL, and C1 controls: invisible, and some (e.g. ESC)
// can drive terminals that display logs or exports.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

// A lone UTF-16 surrogate (valid in a JSON string escape, `"\ud800"`) has no UTF-8 form:
// SQLite would store its raw bytes, which read back as three U+FFFD. Replace it once,
// here, so what is stored, broadcast and listed later is the same valid text.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// Anything the three replacements below could change. Nearly every message has none of
// it, and one scan that finds nothing is cheaper than three that replace nothing.
// eslint-disable-next-line no-control-regex
const NEEDS_CLEANING = /[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff]/;

/** Normalises line endings, strips control characters and trims surrounding whitespace. */
export function cleanText(raw: string): string {
  if (!NEEDS_CLEANING.test(raw)) return raw.trim();
  return raw.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\ufffd').trim();
}

/** Length in characters as a person counts them (code points, so an emoji is one). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `charLength(s) > max`, without counting when the UTF-16 length already settles it. */
export function longerThan(s: string, max: number): boolean {
  return s.length > max && charLength(s) > max;
}

/**
 * Cleans `raw` and checks it: over `maxChars` → AppError('invalid', reason 'too_long');
 * empty (when `allowEmpty` is false) → AppError('invalid').
 */
export function checkContent(raw: string, maxChars: number, what: string, allowEmpty = false): string {
  // Cheap pre-check before cleaning: even 4 UTF-16 units per character cannot fit.
  if (raw.length > maxChars * 4) throw tooLong(what, maxChars);
  const content = cleanText(raw);
  if (longerThan(content, maxChars)) throw tooLong(what, maxChars);
  if (!allowEmpty && content.length === 0) throw new AppError('invalid', `${what} must not be empty`);
  return content;
}

function tooLong(what: string, maxChars: number): AppError {
  return new AppError('invalid', `${what} is too long (at most ${maxChars} characters)`, { reason: 'too_long' });
}
