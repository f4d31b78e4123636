/** The bridge call behind a clicked link: main opens http(s) only, whatever the renderer sends. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDesktop, type TestDesktop } from './desktop.js';

let desk: TestDesktop;
const opened: string[] = [];

beforeAll(async () => {
  desk = await openDesktop();
  desk.core.shell.on('openExternal', (href) => void opened.push(href));
});
afterAll(async () => {
  await desk?.dispose();
});

it('opens an http(s) link through the shell, normalized', async () => {
  await desk.call('shell.openExternal', { url: 'HTTPS://Example.com/a b'.replace(' ', '%20') });
  expect(opened).toEqual(['https://example.com/a%20b']);
});

it('refuses every other link with `invalid`, and the shell never sees it', async () => {
  for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ms-settings:', 'https://user:pw@example.com/', 'not a url']) {
    await expect(desk.call('shell.openExternal', { url })).rejects.toMatchObject({ code: 'invalid' });
  }
  await expect(desk.call('shell.openExternal', { url: 'https://example.com/'.padEnd(5000, 'a') })).rejects.toMatchObject({ code: 'invalid' });
  expect(opened).toHaveLength(1);
});
