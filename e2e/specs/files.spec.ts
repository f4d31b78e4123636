/**
 * Files into the composer the way people do it: dragged from the file manager and
 * pasted from the clipboard. Main streams each to the server (a progress bar while it
 * goes), the message shows the file's original name, and the other side receives it
 * under that name too.
 * A file the server refuses (its type) is explained in words, and nothing is attached.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/parley.js';
import { composer, connect, goTo, openChatFromList, openChatWith, sendMessage, shoot } from '../fixtures/ui.js';

/** A DataTransfer holding one file, made inside the page (as a real drag or paste carries it). */
function fileTransfer(page: Page, file: { name: string; type: string; text: string; repeat?: number }) {
  return page.evaluateHandle(({ name, type, text, repeat }) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text.repeat(repeat ?? 1)], name, { type }));
    return transfer;
  }, file);
}

async function dropFile(page: Page, file: { name: string; type: string; text: string; repeat?: number }): Promise<void> {
  const form = page.getByRole('form', { name: 'Write a message' });
  const dataTransfer = await fileTransfer(page, file);
  await form.dispatchEvent('dragenter', { dataTransfer });
  await form.dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByText('Drop the file to attach it')).toBeVisible();
  await form.dispatchEvent('drop', { dataTransfer });
}

async function pasteFile(page: Page, file: { name: string; type: string; text: string }): Promise<void> {
  const dataTransfer = await fileTransfer(page, file);
  await composer(page).focus();
  await composer(page).evaluate((box, transfer) => {
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, dataTransfer);
}

test('a dropped file and a pasted file upload with progress and keep their names', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);

  // Dropped: a few MB of text, so the progress bar is on screen for a moment.
  await dropFile(ada.page, { name: 'Analytical Engine – notes.txt', type: 'text/plain', text: 'Note G. ', repeat: 400_000 });
  const chip = ada.page.getByTestId('upload-chip');
  await expect(chip).toBeVisible();
  await expect(chip).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect(chip).toContainText('Analytical Engine – notes.txt');
  await shoot(ada.page, '30-files-dropped');
  await sendMessage(ada.page, 'My notes');
  const dropped = ada.page.locator('a.attachment-file', { hasText: 'Analytical Engine – notes.txt' });
  await expect(dropped).toBeVisible();

  // Pasted: lands in the composer the same way.
  await pasteFile(ada.page, { name: 'table.txt', type: 'text/plain', text: 'n  B_n\n1  1/6\n' });
  await expect(chip).toHaveAttribute('data-state', 'ready');
  await expect(chip).toContainText('table.txt');
  await sendMessage(ada.page, 'and the table');
  await expect(ada.page.locator('a.attachment-file', { hasText: 'table.txt' })).toBeVisible();
  await shoot(ada.page, '31-files-sent');

  // A type the server does not take: a clear line, no chip, nothing sent.
  await dropFile(ada.page, { name: 'setup.exe', type: 'application/x-msdownload', text: 'MZ' });
  await expect(ada.page.getByRole('alert')).toContainText('setup.exe cannot be sent');
  await expect(chip).toHaveCount(0);
  await shoot(ada.page, '32-files-refused');

  // Grace receives both files under the names Ada's files had (her device never saw
  // them: they come from the server with the messages), and the bytes are Ada's.
  await openChatFromList(grace.page, ada.name);
  const links = grace.page.locator('a.attachment-file');
  await expect(links).toHaveCount(2);
  await expect(links.first()).toContainText('Analytical Engine – notes.txt');
  await expect(links.first()).toContainText('3.1 MB');
  await expect(links.first()).toHaveAttribute('download', 'Analytical Engine – notes.txt');
  await expect(links.nth(1)).toContainText('table.txt');
  const href = await links.first().getAttribute('href');
  const body = await grace.page.request.get(href!);
  expect(body.status()).toBe(200);
  expect((await body.body()).length).toBe('Note G. '.length * 400_000);
  await goTo(grace.page, 'chats');
  await openChatFromList(grace.page, ada.name);
  await shoot(grace.page, '33-files-received');
});
