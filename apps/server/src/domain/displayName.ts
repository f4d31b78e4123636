/**
 * Display names are shown to other people next to what they write, so characters that
 * can disguise them are removed: controls (C0, DEL, C1, including newlines), bidi
 * overrides and isolates (which can reverse how a name reads, "Trojan Source"),
 * zero-width characters and other invisible formatting (which make two different names
 * look the same). Ordinary letters of every script, combining marks and emoji remain.
 */
import { AppError } from './errors.js';
import { charLength } from './text.js';

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides, isolates and marks. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/**
 * Zero-width space/joiners, word joiner and invisible operators, BOM, soft hyphen,
 * Hangul fillers, Mongolian vowel separator, interlinear annotation and tag characters.
 * The zero-width joiner (U+200D) is kept only between emoji (family and flag sequences).
 */
// U+034F and U+1160 combine with what precedes them, so they stand outside the class.
const INVISIBLE = /[\u00ad\u115f\u180e\u200b\u200c\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\u034f|\u1160|[\u{e0000}-\u{e007f}]/gu;
const ZWJ_NOT_BETWEEN_EMOJI = /(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const MAX_DISPLAY_NAME_CHARS = 100;

/** The name as it will be stored and shown: disguising characters removed, spaces collapsed and trimmed. */
export function cleanDisplayName(raw: string): string {
  return raw
    .replace(LONE_SURROGATE, '')
    .replace(CONTROLS, ' ')
    .replace(BIDI, '')
    .replace(INVISIBLE, '')
    .replace(ZWJ_NOT_BETWEEN_EMOJI, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Cleans and checks a display name; AppError('invalid') when nothing visible is left or it is too long. */
export function checkDisplayName(raw: string): string {
  const name = cleanDisplayName(raw);
  if (name.length === 0) throw new AppError('invalid', 'full_name must contain visible characters');
  if (charLength(name) > MAX_DISPLAY_NAME_CHARS) throw new AppError('invalid', `full_name is too long (at most ${MAX_DISPLAY_NAME_CHARS} characters)`);
  return name;
}
