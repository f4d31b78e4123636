/** Declining a request, removing a contact and blocking someone, across two app instances. */
import { expect, test } from '../fixtures/parley.js';
import { connect, contactRow, goTo, messagesWithText, openChatWith, sendMessage, shoot } from '../fixtures/ui.js';

test('a declined request disappears and the sender may ask again', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await goTo(grace.page, 'people');
  await grace.page.getByLabel('Search people').fill(ada.name);
  await grace.page.getByRole('button', { name: `Connect with ${ada.name}` }).click();
  await goTo(ada.page, 'people');
  await ada.page.getByRole('button', { name: `Decline ${grace.name}` }).click();
  await expect(ada.page.getByTestId('requests')).toHaveCount(0);
  await expect(contactRow(ada.page, grace.name)).toHaveCount(0);
});

test('blocking ends the connection on both sides and stops requests', async ({ makeUser }) => {
  const ada = await makeUser('Ada Lovelace');
  const mal = await makeUser('Mal Icious');
  await connect(mal, ada);
  await openChatWith(mal.page, ada.name);
  await sendMessage(mal.page, 'Hello from Mal');
  await expect(messagesWithText(mal.page, 'Hello from Mal')).toHaveAttribute('data-state', 'sent');

  await goTo(ada.page, 'people');
  await ada.page.getByRole('button', { name: `Block ${mal.name}` }).click();
  await expect(ada.page.getByRole('button', { name: `Confirm block: Block ${mal.name}` })).toBeVisible();
  await shoot(ada.page, '30-block-confirm');
  await ada.page.getByRole('button', { name: `Confirm block: Block ${mal.name}` }).click();

  // Ada: Mal is in the blocked list, no longer a contact.
  await expect(ada.page.getByTestId('blocked-list').getByText(mal.name)).toBeVisible();
  await expect(contactRow(ada.page, mal.name)).toHaveCount(0);
  await shoot(ada.page, '31-blocked-list');

  // Mal: Ada is gone from his contacts at once (connection_removed), and asking again is refused.
  await goTo(mal.page, 'people');
  await expect(contactRow(mal.page, ada.name)).toHaveCount(0);
  await mal.page.getByLabel('Search people').fill(ada.name);
  await mal.page.getByRole('button', { name: `Connect with ${ada.name}` }).click();
  await expect(mal.page.getByRole('alert')).toContainText('not accepting connection requests from you');
  await shoot(mal.page, '32-request-refused');

  // Unblocking lifts the block; the connection stays ended until they connect again.
  await ada.page.getByRole('button', { name: `Unblock ${mal.name}` }).click();
  await expect(ada.page.getByTestId('blocked-list')).toHaveCount(0);
  await expect(contactRow(ada.page, mal.name)).toHaveCount(0);
});
