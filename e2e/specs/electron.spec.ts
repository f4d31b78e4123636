/**
 * The same app as a real Electron window, when an Electron binary is available
 * (`ELECTRON_PATH`). None can be installed on machines without GitHub access, so there
 * the test is skipped with that reason rather than silently passing.
 */
import { _electron as electron } from 'playwright-core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/parley.js';
import { DESKTOP_DIR } from '../fixtures/paths.js';
import { registerInUi } from '../fixtures/ui.js';

const ELECTRON_PATH = process.env.ELECTRON_PATH;

test.describe('Electron app', () => {
  test.skip(!ELECTRON_PATH || !existsSync(ELECTRON_PATH), 'No Electron binary: set ELECTRON_PATH to run the desktop app itself (the browser suite covers the renderer through the web host).');

  test('registers and shows the signed-in window against the real server', async ({ server }) => {
    const app = await electron.launch({
      executablePath: ELECTRON_PATH,
      args: [DESKTOP_DIR, '--no-sandbox'],
      env: { ...process.env, PARLEY_SERVER_URL: server.url, PARLEY_DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-e2e-electron-')) },
    });
    try {
      const page = await app.firstWindow();
      const hasBridge = await page.evaluate(() => typeof (window as { parley?: unknown }).parley === 'object');
      expect(hasBridge).toBe(true);
      await registerInUi({ name: 'Ada Lovelace', email: `ada.electron.${Date.now()}@example.com`, password: 'correct horse battery', page }, server.url);
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    } finally {
      await app.close();
    }
  });
});
