import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUND, windowBackground } from './windowTheme.js';

describe('windowBackground', () => {
  it('follows a pinned theme, else the OS', () => {
    expect(windowBackground('dark', false)).toBe(WINDOW_BACKGROUND.dark);
    expect(windowBackground('light', true)).toBe(WINDOW_BACKGROUND.light);
    expect(windowBackground('system', true)).toBe(WINDOW_BACKGROUND.dark);
    expect(windowBackground('system', false)).toBe(WINDOW_BACKGROUND.light);
  });

  it('matches the renderer theme’s page colours', () => {
    const css = readFileSync(new URL('../../renderer/styles/theme.css', import.meta.url), 'utf8');
    const bgs = [...css.matchAll(/--bg:\s*(#[0-9a-f]{6});/gi)].map((m) => m[1]);
    expect(bgs.slice(0, 2)).toEqual([WINDOW_BACKGROUND.light, WINDOW_BACKGROUND.dark]);
  });
});
