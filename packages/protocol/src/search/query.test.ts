import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_FILTER_VALUES, MAX_SEARCH_TERMS, hasSearchText, isSearchEmpty, parseSearchQuery, searchWords, toFts5Match, toTsQuery } from './query.js';

describe('parseSearchQuery', () => {
  it('reads free words as lower-cased prefix terms, once each', () => {
    const q = parseSearchQuery('  Deploy the DEPLOY  server ');
    expect(q.terms).toEqual(['deploy', 'the', 'server']);
    expect(q.phrases).toEqual([]);
  });

  it('reads quoted phrases, and an unterminated quote as a phrase to the end', () => {
    expect(parseSearchQuery('"release notes" draft').phrases).toEqual([['release', 'notes']]);
    expect(parseSearchQuery('"release notes" draft').terms).toEqual(['draft']);
    expect(parseSearchQuery('ship "it now').phrases).toEqual([['it', 'now']]);
    // A one-word phrase is just a word; an empty one is nothing.
    expect(parseSearchQuery('"hello" ""')).toMatchObject({ terms: ['hello'], phrases: [] });
  });

  it('reads the filters', () => {
    const q = parseSearchQuery('from:Ada in:Design has:file before:2024-05-02 after:2024-04-30 budget');
    expect(q).toEqual({
      terms: ['budget'],
      phrases: [],
      from: ['ada'],
      in: ['design'],
      hasFile: true,
      before: '2024-05-02T00:00:00.000Z',
      after: '2024-05-01T00:00:00.000Z',
    });
    expect(parseSearchQuery('FROM:me HAS:FILE').from).toEqual(['me']);
    expect(parseSearchQuery('FROM:me HAS:FILE').hasFile).toBe(true);
  });

  it('reads unusable filters and unknown keys as words', () => {
    expect(parseSearchQuery('before:soon').terms).toEqual(['before', 'soon']);
    expect(parseSearchQuery('before:2024-02-31').before).toBeNull();
    expect(parseSearchQuery('after:2024-13-01').terms).toEqual(['after', '2024', '13', '01']);
    expect(parseSearchQuery('meet at 10:30').terms).toEqual(['meet', 'at', '10', '30']);
    expect(parseSearchQuery('http://example.com/x').terms).toEqual(['http', 'example', 'com', 'x']);
    expect(parseSearchQuery('has:cake from:').terms).toEqual(['has', 'cake', 'from']);
  });

  it('keeps letters of every script and folds case fully', () => {
    expect(searchWords('Ünïcode ÄRGER 東京 niño café')).toEqual(['ünïcode', 'ärger', '東京', 'niño', 'café']);
  });

  it('says whether anything is asked', () => {
    expect(isSearchEmpty(parseSearchQuery('  !!! ** ""'))).toBe(true);
    expect(isSearchEmpty(parseSearchQuery('has:file'))).toBe(false);
    expect(hasSearchText(parseSearchQuery('has:file'))).toBe(false);
    expect(hasSearchText(parseSearchQuery('x'))).toBe(true);
  });

  it('bounds the number of terms a query can produce', () => {
    const q = parseSearchQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '));
    expect(q.terms.length).toBe(MAX_SEARCH_TERMS);
    const filters = parseSearchQuery(Array.from({ length: 20 }, (_, i) => `from:u${i} in:c${i} from:u${i}`).join(' '));
    expect(filters.from).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(filters.in.length).toBe(MAX_SEARCH_FILTER_VALUES);
  });
});

describe('hostile input never reaches FTS syntax', () => {
  const hostile = [
    `") OR 1=1 --`,
    `'; DROP TABLE messages; --`,
    `a* NEAR(b c) OR NOT d`,
    `col:value ^start {x y}: z`,
    `!(a & b) | c <-> d :* \\`,
    `""""""" "'" '"'`,
    `\u0000\u0301\u200b`,
    'a'.repeat(10_000),
  ];

  it.each(hostile)('%j becomes only quoted words', (input) => {
    const q = parseSearchQuery(input);
    for (const word of [...q.terms, ...q.phrases.flat()]) expect(word).toMatch(/^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u);
    const fts = toFts5Match(q);
    // Outside the quotes there is nothing but AND and prefix stars.
    expect(fts.replace(/"[^"]*"/g, '')).toMatch(/^(\*| AND )*$/);
    expect(toTsQuery(q).replace(/'[^']*'/g, '')).toMatch(/^(:\*| & |\(| <-> |\))*$/);
  });

  it('builds the engines\' expressions', () => {
    const q = parseSearchQuery('deplo "release notes"');
    expect(toFts5Match(q)).toBe('"deplo"* AND "release notes"');
    expect(toTsQuery(q)).toBe("'deplo':* & ('release' <-> 'notes')");
  });
});
