/**
 * The window's background before the renderer paints: the theme's page colour
 * (renderer/styles/theme.css `--bg`), so a new window never flashes white in dark mode.
 */
import type { Settings } from '../../common/views.js';

export const WINDOW_BACKGROUND = { light: '#f5f6fa', dark: '#0f1117' } as const;

export function windowBackground(theme: Settings['theme'], osPrefersDark: boolean): string {
  const dark = theme === 'dark' || (theme === 'system' && osPrefersDark);
  return dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light;
}
