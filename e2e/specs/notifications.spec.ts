/**
 * Notification preferences are the person's, not the computer's: Ada on two desktops
 * changes a chat to "Mentions only" from the chat's bell and her privacy in Settings on
 * one, and the other shows both at once. Screenshots of the menu and the settings.
 */
import { expect, test } from '../fixtures/parley.js';
import { connect, goTo, openChatFromList, openChatWith, shoot } from '../fixtures/ui.js';

test('a chat mode and privacy set on one desktop show on the other at once', async ({ makeUser, server }) => {
  const laptop = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(laptop, grace);
  await openChatWith(laptop.page, grace.name);

  // Ada's second desktop signs in to the same account.
  const office = await makeUser('Ada Lovelace', { register: false });
  const page = office.page;
  await page.getByRole('tab', { name: 'Sign in' }).click();
  const serverField = page.getByLabel('Server');
  if (!(await serverField.inputValue())) await serverField.fill(server.url);
  await page.getByLabel('Email').fill(laptop.email);
  await page.getByLabel('Password').fill(laptop.password);
  await page.locator('form.auth-card button[type="submit"]').click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0, { timeout: 45_000 });
  await openChatFromList(page, grace.name);
  await expect(page.getByRole('button', { name: 'Notifications: All messages' })).toBeVisible();

  // On the laptop: the bell in the chat header → Mentions only. (The connection toasts
  // from the setup go first, so the screenshot shows the menu, not them.)
  const dismiss = laptop.page.getByRole('status', { name: 'Alerts' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await laptop.page.getByRole('button', { name: 'Notifications: All messages' }).click();
  const menu = laptop.page.getByRole('menu', { name: 'Notify me about' });
  await expect(menu.getByRole('menuitemradio')).toHaveText([/All messages/, /Mentions only/, /None/]);
  await shoot(laptop.page, '40-chat-notify-menu');
  await menu.getByRole('menuitemradio', { name: /Mentions only/ }).click();
  await expect(laptop.page.getByRole('button', { name: 'Notifications: Mentions only' })).toBeVisible();

  // The office desktop follows without a reload.
  await expect(page.getByRole('button', { name: 'Notifications: Mentions only' })).toBeVisible();

  // On the office desktop: privacy and quiet hours in Settings; the laptop's Settings follow.
  await goTo(page, 'settings');
  await page.getByRole('radio', { name: 'Sender only' }).click();
  await page.getByRole('switch', { name: 'Quiet hours' }).check();
  await expect(page.getByRole('combobox', { name: `Notifications for ${grace.name}` })).toHaveValue('mentions');
  await shoot(page, '41-notification-settings');

  await goTo(laptop.page, 'settings');
  await expect(laptop.page.getByRole('radio', { name: 'Sender only' })).toHaveAttribute('aria-checked', 'true');
  await expect(laptop.page.getByRole('switch', { name: 'Quiet hours' })).toBeChecked();
  await laptop.page.getByRole('combobox', { name: `Notifications for ${grace.name}` }).selectOption('none');
  await goTo(page, 'chats');
  await openChatFromList(page, grace.name);
  await expect(page.getByRole('button', { name: 'Notifications: None' })).toBeVisible();
});
