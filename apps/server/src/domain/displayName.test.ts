import { describe, expect, it } from 'vitest';
import { checkDisplayName, cleanDisplayName } from './displayName.js';

describe('cleanDisplayName', () => {
  it('removes bidi overrides and isolates that would make a name read backwards', () => {
    expect(cleanDisplayName('Mallory\u202Enimda')).toBe('Mallorynimda');
    expect(cleanDisplayName('\u2066Eve\u2069 \u200fx')).toBe('Eve x');
  });

  it('removes zero-width and invisible characters that make two names look alike', () => {
    expect(cleanDisplayName('Al\u200bice')).toBe('Alice');
    expect(cleanDisplayName('Al\u200cice\u2060\ufeff')).toBe('Alice');
    expect(cleanDisplayName('Bob\u00ad\u180e\u{e0041}')).toBe('Bob');
  });

  it('turns control characters (newlines, tabs, escapes) into single spaces', () => {
    expect(cleanDisplayName('Ann\nAdmin')).toBe('Ann Admin');
    expect(cleanDisplayName('\u001b[31mRed\u0007\t\u0085 ')).toBe('[31mRed');
  });

  it('keeps letters of every script, combining marks and emoji sequences', () => {
    expect(cleanDisplayName('Zoë Ångström')).toBe('Zoë Ångström');
    expect(cleanDisplayName('محمد')).toBe('محمد');
    expect(cleanDisplayName('e\u0301')).toBe('e\u0301');
    const family = '👨\u200d👩\u200d👧';
    expect(cleanDisplayName(`Kim ${family}`)).toBe(`Kim ${family}`);
    expect(cleanDisplayName('a\u200db')).toBe('ab');
  });

  it('drops lone surrogates', () => {
    expect(cleanDisplayName('x\ud800y')).toBe('xy');
  });
});

describe('checkDisplayName', () => {
  it('refuses a name with nothing visible left', () => {
    expect(() => checkDisplayName('\u200b\u202e \n')).toThrow(/visible/);
  });

  it('refuses a name over 100 characters after cleaning', () => {
    expect(checkDisplayName(`${'a'.repeat(100)}\u200b`)).toHaveLength(100);
    expect(() => checkDisplayName('a'.repeat(101))).toThrow(/too long/);
  });
});
