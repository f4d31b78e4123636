/**
 * The same flows against the real Electron app, when an Electron binary is available
 * (`ELECTRON_PATH`): Ada uses the desktop app, Grace the renderer through her web host,
 * both on one real server. No Electron binary can be installed on machines without
 * GitHub access, so there the tests are skipped with that reason rather than silently
 * passing.
 */
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/parley.js';
import { DESKTOP_DIR } from '../fixtures/paths.js';
import { connect, goTo, messagesWithText, openChatFromList, openChatWith, registerInUi, sendMessage } from '../fixtures/ui.js';

const ELECTRON_PATH = process.env.ELECTRON_PATH;

test.describe('Electron app', () => {
  test.skip(!ELECTRON_PATH || !existsSync(ELECTRON_PATH), 'No Electron binary: set ELECTRON_PATH to run the desktop app itself (the browser suite covers the renderer through the web host).');

  let app: ElectronApplication | null = null;
  test.afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function launchAda(serverUrl: string) {
    app = await electron.launch({
      executablePath: ELECTRON_PATH,
      args: [DESKTOP_DIR, '--no-sandbox'],
      env: { ...process.env, PARLEY_SERVER_URL: serverUrl, PARLEY_DESKTOP_DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-e2e-electron-')) },
    });
    const page = await app.firstWindow();
    // The sandboxed renderer sees only the preload's bridge, never Node.
    expect(await page.evaluate(() => typeof (window as { parley?: unknown }).parley)).toBe('object');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const ada = { name: 'Ada Lovelace', email: `ada.electron.${Date.now()}@example.com`, password: 'correct horse battery', page };
    await registerInUi(ada, serverUrl);
    return ada;
  }

  test('the desktop app and a browser user connect and chat both ways', async ({ server, makeUser }) => {
    const ada = await launchAda(server.url);
    const grace = await makeUser('Grace Hopper');
    await connect(ada, grace);

    await openChatWith(ada.page, grace.name);
    await sendMessage(ada.page, 'Hello from the desktop app');
    await expect(messagesWithText(ada.page, 'Hello from the desktop app')).toHaveAttribute('data-state', 'sent');
    await openChatFromList(grace.page, ada.name);
    await expect(messagesWithText(grace.page, 'Hello from the desktop app')).toHaveCount(1);
    await sendMessage(grace.page, 'Hello back from the browser');
    await expect(messagesWithText(ada.page, 'Hello back from the browser')).toHaveCount(1);
  });

  test('a post from the browser appears live in the desktop app', async ({ server, makeUser }) => {
    const ada = await launchAda(server.url);
    const grace = await makeUser('Grace Hopper');
    await connect(ada, grace);
    await goTo(ada.page, 'feed');
    await goTo(grace.page, 'feed');
    await grace.page.getByLabel('Post text').fill('Posted in the browser, read on the desktop.');
    await grace.page.getByRole('button', { name: 'Post', exact: true }).click();
    await expect(ada.page.getByRole('article').filter({ hasText: 'Posted in the browser, read on the desktop.' })).toBeVisible();
  });
});
