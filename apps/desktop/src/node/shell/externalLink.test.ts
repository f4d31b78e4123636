import { describe, expect, it } from 'vitest';
import { externalLink, MAX_EXTERNAL_URL_CHARS } from './externalLink.js';

describe('externalLink', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/a?b=c#d', 'http://example.com/a?b=c#d'],
    ['HTTPS://Example.COM/Path', 'https://example.com/Path'],
    ['https://例え.jp/', 'https://xn--r8jz45g.jp/'],
    ['https://127.0.0.1:8080/x', 'https://127.0.0.1:8080/x'],
  ])('opens %s as %s', (raw, href) => {
    expect(externalLink(raw)).toBe(href);
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox'],
    ['ms-msdt:/id PCWDiagnostic'],
    ['smb://host/share'],
    ['parley://chat/1'],
    ['//example.com/no-scheme'],
    ['example.com'],
    ['https://'],
    ['https://user:pass@example.com/'],
    ['https://bank.example@evil.example/'],
    ['https://exa mple.com/'],
    ['https://example.com/\nnext'],
    ['\u0000https://example.com'],
    [''],
    [`https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_CHARS)}`],
  ])('refuses %j', (raw) => {
    expect(externalLink(raw)).toBeNull();
  });

  it('refuses what is not a string at all', () => {
    expect(externalLink(undefined as unknown as string)).toBeNull();
    expect(externalLink({ toString: () => 'https://example.com' } as unknown as string)).toBeNull();
  });
});
