/**
 * Search and mentions (issue 14) in the app: results as you type with highlighted
 * words, filters, scope, and opening a hit far back in history; `@` autocomplete of
 * members by keyboard, and the mention highlighted for both people (strongest for the
 * one mentioned).
 */
import type { ChatSummary } from '@parley/protocol';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/parley.js';
import { apiAs } from '../fixtures/serverApi.js';
import { composer, connect, messagesWithText, openChatFromList, openChatWith, sendMessage, shoot as shootScreen } from '../fixtures/ui.js';

/** Screenshots without the connection toasts of the setup covering the panes. */
async function shoot(page: Page, name: string) {
  const dismiss = page.getByRole('status', { name: 'Alerts' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await shootScreen(page, name);
}

test('search as you type, filter, scope to a chat and jump to an old message', async ({ makeUser, server }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'Is the launch checklist done?');

  // Grace answers, then a long conversation buries her answer several pages deep.
  const api = await apiAs(server.url, grace.email, grace.password);
  const [chat] = await api.call<ChatSummary[]>('GET', '/chats');
  await api.call('POST', `/chats/${chat!.id}/messages`, { content: 'The launch checklist is ready <b>in the wiki</b>' });
  for (let i = 1; i <= 120; i++) await api.call('POST', `/chats/${chat!.id}/messages`, { content: `status update ${i}` });
  await expect(messagesWithText(ada.page, 'status update 120')).toHaveCount(1);

  const page = ada.page;
  await page.getByTestId('open-search').click();
  const box = page.getByTestId('search-input');
  await box.pressSequentially('launch chec', { delay: 30 });
  const hits = page.getByTestId('search-hit');
  await expect(hits).toHaveCount(2);
  await expect(hits.first()).toContainText('The launch checklist is ready <b>in the wiki</b>');
  await expect(hits.first().locator('mark')).toHaveText(['launch', 'checklist']);
  // Markup in a message is shown as text, never rendered.
  await expect(hits.first().locator('b')).toHaveCount(0);
  await shoot(page, 'search-results');

  // Filters: only my own messages, then only Grace's, by chip and by typing.
  await page.getByRole('button', { name: 'From me' }).click();
  await expect(box).toHaveValue('launch chec from:me ');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toContainText('Is the launch checklist done?');
  await page.getByRole('button', { name: 'From me' }).click();
  await box.fill('launch from:grace');
  await expect(hits).toHaveCount(1);
  await box.fill('"checklist is ready"');
  await expect(hits).toHaveCount(1);
  await box.fill('launch before:2000-01-01');
  await expect(page.getByTestId('search-status')).toHaveText('No messages match.');
  await shoot(page, 'search-filters-empty');

  // Opening the hit loads the history around it and highlights it.
  await box.fill('wiki');
  await expect(hits).toHaveCount(1);
  await box.press('ArrowDown');
  await page.keyboard.press('Enter');
  const target = messagesWithText(page, 'The launch checklist is ready <b>in the wiki</b>');
  await expect(target).toHaveClass(/is-highlighted/);
  await expect(target).toBeInViewport();
  await shoot(page, 'search-jump');

  // Search within the open chat only (Ctrl+F), then close with Escape.
  await page.getByTestId('search-in-chat').click();
  await expect(page.getByTestId('search-scope')).toContainText('In Grace Hopper');
  await box.fill('update 11');
  await expect(hits.first()).toContainText('status update 11');
  await box.press('Escape');
  await expect(page.getByTestId('search-pane')).toHaveCount(0);
});

test('@ autocompletes members by keyboard; the mention is highlighted, strongest for the one named', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'hello');
  await openChatFromList(grace.page, ada.name);

  const box = composer(ada.page);
  await box.pressSequentially('Please review, @hop', { delay: 30 });
  const suggestions = ada.page.getByTestId('mention-suggestions');
  await expect(suggestions.getByRole('option')).toHaveText(['GHGrace Hopper']);
  await expect(suggestions.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await shoot(ada.page, 'mentions-autocomplete');
  await box.press('Enter');
  await expect(box).toHaveValue('Please review, @Grace Hopper ');
  await expect(suggestions).toHaveCount(0);
  await box.press('Enter');

  await expect(messagesWithText(ada.page, '@Grace Hopper')).toHaveAttribute('data-state', 'sent');
  await expect(ada.page.getByTestId('mention')).toHaveText('@Grace Hopper');
  await expect(ada.page.getByTestId('mention')).not.toHaveClass(/is-me/);
  const forGrace = grace.page.getByTestId('mention');
  await expect(forGrace).toHaveText('@Grace Hopper');
  await expect(forGrace).toHaveClass(/is-me/);
  await expect(grace.page.locator('.message.mentions-me')).toHaveCount(1);
  await shoot(grace.page, 'mentions-highlight');
});
