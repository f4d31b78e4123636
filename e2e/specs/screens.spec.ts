/**
 * Every screen with real data, light and dark, saved to e2e/artifacts/ for review.
 * Also checks the theme really switches (the page background changes with the scheme).
 */
import { expect, test } from '../fixtures/parley.js';
import { connect, goTo, openChatFromList, openChatWith, registerInUi, sendMessage, shoot } from '../fixtures/ui.js';

test('screenshots of every screen in light and dark', async ({ makeUser, server }) => {
  const ada = await makeUser('Ada Lovelace', { register: false });
  await shoot(ada.page, '01-sign-in');
  await ada.page.getByRole('tab', { name: 'Register' }).click();
  await shoot(ada.page, '02-register');
  await registerInUi(ada, server.url);
  const grace = await makeUser('Grace Hopper');
  const alan = await makeUser('Alan Turing');
  await connect(ada, grace);
  await connect(alan, ada);

  await goTo(alan.page, 'people');
  await alan.page.getByLabel('Search people').fill(grace.name);
  await alan.page.getByRole('button', { name: `Connect with ${grace.name}` }).click();
  await goTo(grace.page, 'people');
  await expect(grace.page.getByRole('button', { name: `Accept ${alan.name}` })).toBeVisible();
  await grace.page.getByLabel('Search people').fill('a');
  await shoot(grace.page, '03-people-requests-search');

  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'Morning! Did you get the notes on the Engine?');
  await openChatFromList(grace.page, ada.name);
  await sendMessage(grace.page, 'I did — the loop section is brilliant.');
  await sendMessage(ada.page, 'Repetition of a set of operations: the heart of it.');
  await grace.page.getByTestId('chat-pane').getByRole('textbox').pressSequentially('Agreed, let us', { delay: 60 });
  await expect(ada.page.getByTestId('typing-indicator')).toHaveText(/typing/);
  await shoot(ada.page, '04-chat');

  await goTo(ada.page, 'chats');
  await ada.page.getByTestId('new-chat').click();
  await expect(ada.page.getByRole('dialog', { name: 'New chat' })).toBeVisible();
  await shoot(ada.page, '05-new-chat');
  await ada.page.keyboard.press('Escape');

  await goTo(grace.page, 'feed');
  await grace.page.getByLabel('Post text').fill('Compilers: let the machine do the bookkeeping.');
  await grace.page.getByRole('button', { name: 'Post', exact: true }).click();
  await goTo(ada.page, 'feed');
  const post = ada.page.getByRole('article').filter({ hasText: 'Compilers' });
  await post.getByRole('button', { name: /React 👍/ }).click();
  await post.getByTestId('toggle-comments').click();
  await post.getByRole('textbox').fill('Couldn’t agree more.');
  await post.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(post.getByTestId('comment')).toHaveCount(1);
  await shoot(ada.page, '06-feed');

  await goTo(grace.page, 'notifications');
  await expect(grace.page.getByTestId('notification').first()).toBeVisible();
  await shoot(grace.page, '07-notifications');

  await goTo(ada.page, 'settings');
  await shoot(ada.page, '08-settings');

  await goTo(ada.page, 'people');
  await shoot(ada.page, '09-people-presence');

  // Theme really follows the scheme, and the settings override wins over it.
  const background = () => ada.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await ada.page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  await ada.page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).not.toBe(light);
  await goTo(ada.page, 'settings');
  await ada.page.getByRole('radio', { name: 'Light' }).click();
  await expect.poll(background).toBe(light);
  await ada.page.getByRole('radio', { name: 'Match system' }).click();

  await goTo(ada.page, 'chats');
  await server.kill();
  await expect(ada.page.getByTestId('connection-banner')).toBeVisible();
  await shoot(ada.page, '10-reconnecting-banner');
  await server.start();
});
