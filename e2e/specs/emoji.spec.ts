/**
 * Emoji render as emoji, not as empty boxes ("tofu"): without a colour-emoji font the
 * reaction buttons show boxes. The check draws the glyph of each reaction button with
 * the button's own computed font into a canvas and requires coloured pixels — a tofu
 * box, a blank and a monochrome fallback glyph are all grey. Needs an emoji font on the
 * machine (scripts/prereqs.sh installs fonts-noto-color-emoji) and the renderer's emoji
 * font stack (renderer/styles/theme.css --font-emoji). Screenshot: e2e/artifacts/emoji-reactions.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures/parley.js';
import { ARTIFACTS_DIR } from '../fixtures/paths.js';
import { goTo } from '../fixtures/ui.js';

test('reaction emoji render as colour glyphs', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  await goTo(ada.page, 'feed');
  await ada.page.getByLabel('Post text').fill('Emoji check');
  await ada.page.getByRole('button', { name: 'Post', exact: true }).click();
  const reactions = ada.page.getByRole('article').filter({ hasText: 'Emoji check' }).getByRole('group', { name: 'Reactions' });
  await expect(reactions.getByRole('button')).toHaveCount(4);

  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await reactions.screenshot({ path: join(ARTIFACTS_DIR, 'emoji-reactions.png') });

  const glyphs = await reactions.locator('span[aria-hidden="true"]').evaluateAll((spans) =>
    spans.map((span) => {
      const text = span.textContent ?? '';
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d');
      if (!ctx) return { text, coloured: -1, inked: -1 };
      const style = getComputedStyle(span);
      ctx.font = `48px ${style.fontFamily}`;
      ctx.textBaseline = 'top';
      ctx.fillStyle = '#000';
      ctx.fillText(text, 4, 4);
      const { data } = ctx.getImageData(0, 0, 64, 64);
      let coloured = 0;
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i] as number, data[i + 1] as number, data[i + 2] as number, data[i + 3] as number];
        if (a < 64) continue;
        inked++;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 48) coloured++;
      }
      return { text, coloured, inked };
    }),
  );
  expect(glyphs.map((g) => g.text)).toEqual(['👍', '❤️', '🎉', '😂']);
  for (const glyph of glyphs) {
    expect(glyph.inked, `${glyph.text} drew nothing`).toBeGreaterThan(100);
    expect(glyph.coloured, `${glyph.text} has no colour: rendered as a box or a monochrome fallback`).toBeGreaterThan(100);
  }
});
