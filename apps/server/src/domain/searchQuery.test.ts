import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_CHARS, normalizeSearchQuery } from './searchQuery.js';

describe('normalizeSearchQuery', () => {
  it('drops control, zero-width and bidi characters and folds case', () => {
    expect(normalizeSearchQuery('Bob\n builder')).toBe('bob builder');
    expect(normalizeSearchQuery('B\u200bo\u202eb\u0000')).toBe('bob');
    expect(normalizeSearchQuery('  ÄDA \t  ')).toBe('äda');
  });

  it('cuts long input at a code point boundary', () => {
    expect([...normalizeSearchQuery('😀'.repeat(200))]).toHaveLength(MAX_SEARCH_CHARS);
  });
});
