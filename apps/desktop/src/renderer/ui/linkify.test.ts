import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.js';

const links = (text: string) => linkify(text).filter((p) => p.kind === 'link').map((p) => p.text);

describe('linkify', () => {
  it('splits text and links, keeping every character', () => {
    const text = 'see https://example.com/a?b=1#c and http://x.org.';
    const pieces = linkify(text);
    expect(pieces).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org' },
      { kind: 'text', text: '.' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
  });

  it('leaves sentence punctuation and unmatched brackets outside', () => {
    expect(links('(https://example.com/x)')).toEqual(['https://example.com/x']);
    expect(links('https://en.wikipedia.org/wiki/Foo_(bar)!')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
    expect(links('Look: https://example.com/?q=1, ok?')).toEqual(['https://example.com/?q=1']);
    expect(links('"https://example.com/quoted"')).toEqual(['https://example.com/quoted']);
  });

  it('links only http and https', () => {
    expect(links('javascript:alert(1) file:///etc/passwd ftp://x.org mailto:a@b.c parley://chat/1')).toEqual([]);
    expect(links('https:// alone, and http://')).toEqual([]);
    expect(links('HTTPS://EXAMPLE.COM')).toEqual(['HTTPS://EXAMPLE.COM']);
  });

  it('stops at characters that would break out of an attribute or a tag', () => {
    expect(links('https://example.com/"><img src=x onerror=alert(1)>')).toEqual(['https://example.com/']);
    expect(links("https://example.com/'onmouseover='x")).toEqual(['https://example.com/']);
    expect(links('https://a.example<b>https://b.example')).toEqual(['https://a.example', 'https://b.example']);
  });

  it('plain text without links is one piece', () => {
    expect(linkify('hello <b>world</b>')).toEqual([{ kind: 'text', text: 'hello <b>world</b>' }]);
    expect(linkify('')).toEqual([]);
  });
});
