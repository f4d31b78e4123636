/**
 * Window size and position across runs, kept in a small JSON file. A saved position
 * is used only if it still lies on a connected display (monitors come and go).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { screen, type BrowserWindow, type Rectangle } from 'electron';

export interface WindowState {
  bounds: Rectangle | null;
  maximized: boolean;
}

const DEFAULT_SIZE = { width: 1100, height: 720 };

export function loadWindowState(file: string): WindowState {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as WindowState;
    const b = saved.bounds;
    const visible = b && screen.getAllDisplays().some((d) => {
      const a = d.workArea;
      return b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y;
    });
    return { bounds: visible ? b : null, maximized: !!saved.maximized };
  } catch {
    return { bounds: null, maximized: false };
  }
}

export function windowOptions(state: WindowState): Partial<Rectangle> {
  return state.bounds ?? DEFAULT_SIZE;
}

/** Saves on move/resize (debounced) and on close. */
export function trackWindowState(win: BrowserWindow, file: string): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (win.isDestroyed()) return;
    const state: WindowState = { bounds: win.isMaximized() ? win.getNormalBounds() : win.getBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(file, JSON.stringify(state));
    } catch {
      // Losing the window position is not worth failing over.
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
