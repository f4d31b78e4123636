import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { charLength, checkContent, cleanText, longerThan } from './text.js';

describe('text rules', () => {
  it('strips control characters but keeps newlines, tabs and markup as text', () => {
    expect(cleanText('  a\u0007b\u001b[0m\r\nc\td\u0085  ')).toBe('ab[0m\nc\td');
    expect(cleanText('<b>hi</b> & "you"')).toBe('<b>hi</b> & "you"');
  });

  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(cleanText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
    expect(cleanText('\u{1F600}\ud83d')).toBe('\u{1F600}\ufffd');
  });

  it('cleans exactly as the full replacement does, for text that needs it and text that does not', () => {
    const full = (raw: string) =>
      raw
        .replace(/\r\n?/g, '\n')
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
        .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
        .trim();
    // Every character the rules single out, each alone and around ordinary text.
    const special = ['\r', '\r\n', '\n', '\t', '\u0000', '\u0008', '\u000b', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', '\ud800', '\udbff', '\udc00', '\udfff', '\u{1F600}', ' '];
    for (const c of special) for (const text of [c, `a${c}b`, `${c}x`, `x${c}`, `${c}${c}`]) expect(cleanText(text)).toBe(full(text));
    expect(cleanText('  plain words  ')).toBe('plain words');
  });

  it('counts characters as code points', () => {
    expect(charLength('😀😀')).toBe(2);
    expect(charLength('héllo')).toBe(5);
    expect(longerThan('😀'.repeat(10), 10)).toBe(false);
    expect(longerThan('😀'.repeat(11), 10)).toBe(true);
    expect(longerThan('x'.repeat(10), 10)).toBe(false);
    expect(longerThan('x'.repeat(11), 10)).toBe(true);
  });

  it('marks over-long content with reason too_long and empty content as invalid', () => {
    expect(checkContent('😀'.repeat(10), 10, 'content')).toBe('😀'.repeat(10));
    const long = (() => {
      try {
        checkContent('x'.repeat(11), 10, 'content');
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(long?.code).toBe('invalid');
    expect(long?.details?.reason).toBe('too_long');
    expect(() => checkContent(' \u0000 ', 10, 'content')).toThrow(/must not be empty/);
    expect(checkContent('  ', 10, 'content', true)).toBe('');
  });
});
