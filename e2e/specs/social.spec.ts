/** Two people, two app instances, one real server: the social flows end to end. */
import { expect, test } from '../fixtures/parley.js';
import { composer, connect, contactRow, goTo, messagesWithText, openChatWith, sendMessage } from '../fixtures/ui.js';

test('two users register, connect and accept', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  // Both now see each other as contacts, online.
  await expect(contactRow(ada.page, grace.name)).toHaveAttribute('data-online', 'true');
  await expect(contactRow(grace.page, ada.name)).toHaveAttribute('data-online', 'true');
  // Grace's request list is empty again.
  await expect(grace.page.getByTestId('requests')).toHaveCount(0);
});

test('chat both ways with the typing indicator', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'Hello Grace!');
  await expect(messagesWithText(ada.page, 'Hello Grace!')).toHaveAttribute('data-state', 'sent');

  // Grace sees the new chat with an unread badge, opens it and reads the message.
  await goTo(grace.page, 'chats');
  const row = grace.page.getByRole('option').filter({ hasText: ada.name });
  await expect(row).toContainText('Hello Grace!');
  await expect(row.getByTestId('unread-badge')).toHaveText('1');
  await row.click();
  await expect(messagesWithText(grace.page, 'Hello Grace!')).toHaveCount(1);

  // Grace types: Ada sees "Grace is typing…", and it goes away when she stops.
  await composer(grace.page).pressSequentially('Hi Ada, ', { delay: 120 });
  await expect(ada.page.getByTestId('typing-indicator')).toHaveText(/Grace is typing…/);
  await expect(ada.page.getByTestId('typing-indicator')).toHaveText('', { timeout: 8000 });
  await composer(grace.page).pressSequentially('how are you?');
  await composer(grace.page).press('Enter');
  await expect(messagesWithText(ada.page, 'Hi Ada, how are you?')).toHaveCount(1);
  await expect(ada.page.getByTestId('typing-indicator')).toHaveText('');

  // Order is the server's seq order on both sides.
  for (const page of [ada.page, grace.page]) {
    await expect(page.getByTestId('message')).toHaveCount(2);
    const seqs = await page.getByTestId('message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(seqs).toEqual([1, 2]);
  }
});

test('a post appears live in the other feed; a comment notifies and raises an OS alert', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await goTo(ada.page, 'feed');
  await goTo(grace.page, 'feed');

  await ada.page.getByLabel('Post text').fill('The Analytical Engine weaves algebraic patterns.');
  await ada.page.getByRole('button', { name: 'Post', exact: true }).click();
  const post = grace.page.getByRole('article').filter({ hasText: 'The Analytical Engine weaves algebraic patterns.' });
  await expect(post).toBeVisible();

  // Ada's unread count before the comment (the accepted connection is already one).
  const unreadBefore = Number(/(\d+) new/.exec((await ada.page.getByTestId('nav-notifications').getAttribute('aria-label')) ?? '')?.[1] ?? 0);
  await post.getByTestId('toggle-comments').click();
  await post.getByRole('textbox').fill('Beautifully put!');
  await post.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(post.getByTestId('comment')).toHaveCount(1);

  // Ada: a notification in the center (and its badge), and an OS alert recorded by her app.
  await expect(ada.page.getByTestId('nav-notifications')).toHaveAccessibleName(`Notifications, ${unreadBefore + 1} new`);
  await goTo(ada.page, 'notifications');
  const notification = ada.page.locator('[data-testid="notification"][data-kind="comment_on_post"]');
  await expect(notification).toHaveCount(1);
  await expect(notification).toContainText('Grace');
  await expect
    .poll(async () => JSON.stringify(await ada.host.alerts()), { timeout: 15_000 })
    .toMatch(/Beautifully put!|comment/i);
  // Grace, the actor, gets no alert about her own comment.
  expect(JSON.stringify(await grace.host.alerts())).not.toMatch(/Beautifully put!/);

  // Clicking the notification opens the post.
  await notification.click();
  await expect(ada.page.getByRole('article').filter({ hasText: 'Beautifully put!' })).toBeVisible();
});

test('the online dot changes when a user quits', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await goTo(ada.page, 'people');
  await expect(contactRow(ada.page, grace.name)).toHaveAttribute('data-online', 'true');
  await grace.host.stop();
  // Offline follows the last close after the server's grace period (3 s by default).
  await expect(contactRow(ada.page, grace.name)).toHaveAttribute('data-online', 'false', { timeout: 20_000 });
});
