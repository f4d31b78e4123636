/**
 * What happens to a chat after a message is sent, between two (or three) people in
 * their own app instances: edit, delete, reply and jump, reactions, seen ticks, group
 * settings, and an app that was offline catching up on edits and deletions.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatSummary, Message } from '@parley/protocol';
import { expect, test } from '../fixtures/parley.js';
import { apiAs } from '../fixtures/serverApi.js';
import { composer, connect, goTo, messagesWithText, openChatFromList, openChatWith, sendMessage, shoot as shootScreen } from '../fixtures/ui.js';
import type { Page } from '@playwright/test';

/** Screenshots without the connection toasts of the setup covering the messages. */
async function shoot(page: Page, name: string) {
  const dismiss = page.getByRole('status', { name: 'Alerts' }).getByRole('button', { name: 'Dismiss' });
  // Under an open modal dialog the page is inert: leave the toasts be.
  const modalOpen = (await page.locator('dialog[open]').count()) > 0;
  while (!modalOpen && (await dismiss.count()) > 0) await dismiss.first().click();
  await shootScreen(page, name);
}

async function openMenu(page: Page, text: string) {
  const message = messagesWithText(page, text);
  await message.hover();
  await message.getByRole('button', { name: 'Message actions' }).click();
  return page.getByRole('menu', { name: 'Message actions' });
}

test('edit with ArrowUp and delete from the menu, seen live by the other person', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'Meet at noon');
  await sendMessage(ada.page, 'Bring the notes');
  await expect(messagesWithText(ada.page, 'Bring the notes')).toHaveAttribute('data-state', 'sent');
  await openChatFromList(grace.page, ada.name);
  await expect(messagesWithText(grace.page, 'Bring the notes')).toHaveCount(1);

  // ArrowUp in the empty composer edits my last message; Escape cancels, ArrowUp again, then save.
  await composer(ada.page).press('ArrowUp');
  await expect(ada.page.getByTestId('composer-edit')).toBeVisible();
  await expect(composer(ada.page)).toHaveValue('Bring the notes');
  await composer(ada.page).press('Escape');
  await expect(ada.page.getByTestId('composer-edit')).toHaveCount(0);
  await expect(composer(ada.page)).toHaveValue('');
  await composer(ada.page).press('ArrowUp');
  await composer(ada.page).fill('Bring the printed notes');
  await composer(ada.page).press('Enter');
  const edited = messagesWithText(grace.page, 'Bring the printed notes');
  await expect(edited.getByTestId('edited-mark')).toHaveText('edited');
  await expect(messagesWithText(ada.page, 'Bring the printed notes').getByTestId('edited-mark')).toBeVisible();
  await shoot(grace.page, 'chat-events-edited');

  // Delete from the menu, with its confirmation; both sides show the tombstone line.
  const menu = await openMenu(ada.page, 'Meet at noon');
  await menu.getByRole('menuitem', { name: 'Delete' }).click();
  await ada.page.getByRole('dialog', { name: 'Delete message?' }).getByRole('button', { name: 'Delete' }).click();
  for (const page of [ada.page, grace.page]) {
    await expect(page.getByTestId('tombstone')).toHaveText('This message was deleted');
    await expect(page.getByText('Meet at noon', { exact: true })).toHaveCount(0);
  }
  // Grace may not edit or delete Ada's message: her menu offers only reply and reactions.
  const graceMenu = await openMenu(grace.page, 'Bring the printed notes');
  await expect(graceMenu.getByRole('menuitem', { name: 'Reply' })).toBeVisible();
  await expect(graceMenu.getByRole('menuitem', { name: 'Edit' })).toHaveCount(0);
  await expect(graceMenu.getByRole('menuitem', { name: 'Delete' })).toHaveCount(0);
  await grace.page.keyboard.press('Escape');
  await expect(graceMenu).toHaveCount(0);
  await shoot(ada.page, 'chat-events-deleted');
});

test('reactions from the menu by keyboard and by chip, and seen ticks across two users', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'Shall we ship it?');
  const mine = messagesWithText(ada.page, 'Shall we ship it?');
  await expect(mine).toHaveAttribute('data-state', 'sent');
  await expect(mine.getByTestId('seen')).toHaveCount(0);

  // Grace opens the chat: she has read it, and Ada's message shows "seen".
  await openChatFromList(grace.page, ada.name);
  await expect(mine.getByTestId('seen')).toHaveAttribute('aria-label', `Seen by ${grace.name}`);

  // Grace reacts by keyboard: focus the message, Enter opens the menu, arrows move, Enter picks.
  const theirs = messagesWithText(grace.page, 'Shall we ship it?');
  await theirs.focus();
  await grace.page.keyboard.press('Enter');
  await expect(grace.page.getByRole('menuitem', { name: 'React 👍' })).toBeFocused();
  await grace.page.keyboard.press('Enter');
  const adaChip = mine.getByTestId('reaction-chip');
  await expect(adaChip).toHaveText('👍1');
  await expect(adaChip).toHaveAttribute('aria-pressed', 'false');
  // Ada adds hers by clicking the chip, then takes it back.
  await adaChip.click();
  await expect(theirs.getByTestId('reaction-chip')).toHaveText('👍2');
  await expect(adaChip).toHaveAttribute('aria-pressed', 'true');
  await shoot(ada.page, 'chat-events-reactions-seen');
  await adaChip.click();
  await expect(theirs.getByTestId('reaction-chip')).toHaveText('👍1');
});

test('reply from the menu; clicking a quote of an old message loads history until it is found and highlights it', async ({ makeUser, server }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'The very first message');
  await expect(messagesWithText(ada.page, 'The very first message')).toHaveAttribute('data-state', 'sent');

  // Grace's other device writes 120 more, then answers the first one.
  const graceApi = await apiAs(server.url, grace.email, grace.password);
  const [chat] = await graceApi.call<ChatSummary[]>('GET', '/chats');
  if (!chat) throw new Error('no chat');
  for (let i = 1; i <= 120; i++) await graceApi.call<Message>('POST', `/chats/${chat.id}/messages`, { content: `filler ${i}` });
  await graceApi.call<Message>('POST', `/chats/${chat.id}/messages`, { content: 'Answering your first', reply_to_seq: 1 });

  // Ada reloads: only the newest page is on screen, the quote names an earlier message.
  await ada.page.reload();
  await openChatFromList(ada.page, grace.name);
  const answer = messagesWithText(ada.page, 'Answering your first');
  await expect(answer.getByTestId('reply-quote')).toBeVisible();
  await expect(messagesWithText(ada.page, 'The very first message')).toHaveCount(0);
  await answer.getByTestId('reply-quote').click();
  const original = ada.page.locator('[data-testid="message"][data-seq="1"]');
  await expect(original).toHaveClass(/is-highlighted/);
  await expect(original).toBeInViewport();
  await shoot(ada.page, 'chat-events-reply-jump');

  // Replying in the app: Reply from the menu, the quote shows in the composer and in the bubble.
  await openChatFromList(grace.page, ada.name);
  const menu = await openMenu(grace.page, 'filler 120');
  await menu.getByRole('menuitem', { name: 'Reply' }).click();
  await expect(grace.page.getByTestId('composer-reply')).toContainText('filler 120');
  await sendMessage(grace.page, 'Replying in the app');
  await expect(grace.page.getByTestId('composer-reply')).toHaveCount(0);
  await expect(messagesWithText(grace.page, 'Replying in the app')).toHaveAttribute('data-state', 'sent');
  await expect(messagesWithText(grace.page, 'Replying in the app').getByTestId('reply-quote')).toContainText('filler 120');
  // Ada is still up at the first message: End takes her to the newest, where the reply is.
  await ada.page.getByRole('log', { name: 'Messages' }).press('End');
  await expect(messagesWithText(ada.page, 'Replying in the app').getByTestId('reply-quote')).toContainText('filler 120');
  await expect(messagesWithText(ada.page, 'Replying in the app')).toBeInViewport();
  // Home goes back to the start of the chat, End to the newest again.
  await ada.page.getByRole('log', { name: 'Messages' }).press('Home');
  await expect(messagesWithText(ada.page, 'The very first message')).toBeInViewport();
  await ada.page.getByRole('log', { name: 'Messages' }).press('End');
  await expect(messagesWithText(ada.page, 'Replying in the app')).toBeInViewport();
});

test('group settings: rename, remove, add back, leave; a removed member sees the chat read-only', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  const cy = await makeUser('Cy Young');
  await connect(ada, grace);
  await connect(ada, cy);

  await goTo(ada.page, 'chats');
  await ada.page.getByTestId('new-chat').click();
  const dialog = ada.page.getByRole('dialog', { name: 'New chat' });
  await dialog.getByRole('checkbox', { name: grace.name }).check();
  await dialog.getByRole('checkbox', { name: cy.name }).check();
  await dialog.getByLabel('Group name (optional)').fill('Crew');
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await expect(ada.page.getByRole('heading', { name: 'Crew', level: 2 })).toBeVisible();
  await sendMessage(ada.page, 'Welcome, crew');
  await openChatFromList(cy.page, 'Crew');
  await expect(messagesWithText(cy.page, 'Welcome, crew')).toHaveCount(1);

  await ada.page.getByRole('button', { name: 'Group settings' }).click();
  const settings = ada.page.getByTestId('group-settings');
  await settings.getByLabel('Group name').fill('Ship crew');
  await settings.getByRole('button', { name: 'Rename' }).click();
  await expect(ada.page.getByRole('heading', { name: 'Ship crew', level: 2 })).toBeVisible();
  await expect(cy.page.getByRole('heading', { name: 'Ship crew', level: 2 })).toBeVisible();

  await settings.getByRole('button', { name: `Remove ${cy.name}` }).click();
  await expect(settings.getByTestId('member-row')).toHaveCount(2);
  await expect(cy.page.getByTestId('chat-ended')).toContainText('You were removed');
  await expect(cy.page.getByRole('textbox', { name: /Message/ })).toHaveCount(0);
  await expect(messagesWithText(cy.page, 'Welcome, crew')).toHaveCount(1); // history kept
  await shoot(cy.page, 'chat-events-removed');

  await settings.getByLabel('Add a contact').selectOption({ label: cy.name });
  await settings.getByRole('button', { name: 'Add' }).click();
  await expect(settings.getByTestId('member-row')).toHaveCount(3);
  await shoot(ada.page, 'chat-events-group-settings');
  await settings.getByRole('button', { name: 'Done' }).click();
  await expect(cy.page.getByTestId('chat-ended')).toHaveCount(0);

  // Grace leaves from her own settings.
  await openChatFromList(grace.page, 'Ship crew');
  await grace.page.getByRole('button', { name: 'Group settings' }).click();
  await grace.page.getByRole('button', { name: 'Leave group' }).click();
  await grace.page.getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(grace.page.getByTestId('chat-ended')).toContainText('You left');
  await expect(ada.page.getByText('2 members', { exact: false })).toBeVisible();
});

test('an app that was offline sees edits and deletions made meanwhile, and the deleted text is gone from its cache file', async ({ makeUser, server }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(grace.page, ada.name);
  await sendMessage(grace.page, 'Plan A: the blue door');
  await sendMessage(grace.page, 'Secret: the key is under the mat');
  await openChatFromList(ada.page, grace.name);
  await expect(messagesWithText(ada.page, 'Secret: the key is under the mat')).toHaveCount(1);

  // Ada's app quits; Grace edits one message and deletes the other.
  await ada.host.stop();
  const graceApi = await apiAs(server.url, grace.email, grace.password);
  const [chat] = await graceApi.call<ChatSummary[]>('GET', '/chats');
  if (!chat) throw new Error('no chat');
  const stored = await graceApi.call<Message[]>('GET', `/chats/${chat.id}/messages`);
  const plan = stored.find((m) => m.content.startsWith('Plan A'));
  const secret = stored.find((m) => m.content.startsWith('Secret'));
  await graceApi.call('PATCH', `/chats/${chat.id}/messages/${plan?.seq}`, { content: 'Plan B: the red door' });
  await graceApi.call('DELETE', `/chats/${chat.id}/messages/${secret?.seq}`);

  await ada.host.start();
  await ada.page.goto(ada.host.url);
  await openChatFromList(ada.page, grace.name);
  await expect(messagesWithText(ada.page, 'Plan B: the red door').getByTestId('edited-mark')).toBeVisible();
  await expect(ada.page.getByTestId('tombstone')).toHaveCount(1);
  await expect(ada.page.getByText('Secret: the key is under the mat')).toHaveCount(0);
  await shoot(ada.page, 'chat-events-offline-catch-up');
  const file = join(ada.host.dataDir, 'cache.sqlite');
  const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
  expect(bytes).toContain('Plan B: the red door');
  expect(bytes).not.toContain('the key is under the mat');
});
