/**
 * Links in messages: a URL becomes a link on both sides, clicking it asks main to open it
 * in the browser (the web host records what it would open) and the page itself never
 * navigates; markup in the same message stays text.
 */
import { expect, test } from '../fixtures/parley.js';
import { connect, openChatFromList, openChatWith, sendMessage, shoot } from '../fixtures/ui.js';

test('a link in a message opens in the browser through main; markup stays text', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'Spec at https://example.com/engine?v=2 <img src=x onerror=alert(1)> see you');

  await openChatFromList(grace.page, ada.name);
  const link = grace.page.getByRole('link', { name: 'https://example.com/engine?v=2' });
  await expect(link).toBeVisible();
  await expect(grace.page.getByTestId('message').getByText('<img src=x onerror=alert(1)> see you', { exact: false })).toBeVisible();
  await expect(grace.page.getByTestId('message').locator('img')).toHaveCount(0);
  const dismiss = grace.page.getByRole('status', { name: 'Alerts' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  await shoot(grace.page, '50-links');

  const before = grace.page.url();
  await link.click();
  await expect.poll(() => grace.host.openedLinks()).toEqual(['https://example.com/engine?v=2']);
  expect(grace.page.url()).toBe(before);
  expect(grace.context.pages()).toHaveLength(1);
});
