import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '@parley/protocol';
import { highlightSegments, mentionSegments, nameMatches, snippetSegments } from './searchText.js';

const hits = (segments: { text: string; hit?: boolean }[]) => segments.filter((s) => s.hit).map((s) => s.text);

describe('highlightSegments', () => {
  it('marks words a term prefixes, ignoring case and diacritics, and keeps all text', () => {
    const text = 'Deploying the Café deploy, then <b>coffee</b>';
    const segments = highlightSegments(text, parseSearchQuery('deplo cafe'));
    expect(hits(segments)).toEqual(['Deploying', 'Café', 'deploy']);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('marks phrase words exactly and nothing for a filter-only query', () => {
    expect(hits(highlightSegments('release notes and notebook', parseSearchQuery('"release notes"')))).toEqual(['release', 'notes']);
    expect(highlightSegments('plain', parseSearchQuery('from:me'))).toEqual([{ text: 'plain' }]);
  });
});

describe('snippetSegments', () => {
  it('cuts a long text around the first hit with ellipses', () => {
    const text = `${'lorem '.repeat(40)}needle ${'ipsum '.repeat(40)}`;
    const segments = snippetSegments(text, parseSearchQuery('needle'), 20);
    expect(segments[0]).toEqual({ text: '…' });
    expect(segments.at(-1)).toEqual({ text: '…' });
    expect(hits(segments)).toEqual(['needle']);
    expect(segments.map((s) => s.text).join('').length).toBeLessThan(70);
  });
});

describe('mentionSegments', () => {
  it('marks @Name of mentioned members, longest name first', () => {
    const segments = mentionSegments('hi @Ann Lee and @Ann, not @Bob', [{ id: 1, name: 'Ann' }, { id: 2, name: 'Ann Lee' }]);
    expect(segments).toEqual([
      { text: 'hi ' },
      { text: '@Ann Lee', mention: 2 },
      { text: ' and ' },
      { text: '@Ann', mention: 1 },
      { text: ', not @Bob' },
    ]);
  });

  it('matches typed prefixes against any word of a name', () => {
    expect(nameMatches('Grace Hopper', 'hop')).toBe(true);
    expect(nameMatches('Grace Hopper', 'grace h')).toBe(true);
    expect(nameMatches('Grace Hopper', 'x')).toBe(false);
  });
});
