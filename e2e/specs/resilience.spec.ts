/** The server goes away and comes back: nothing is lost, nothing doubles. */
import { expect, test } from '../fixtures/parley.js';
import { storedMessages } from '../fixtures/serverApi.js';
import { connect, messagesWithText, openChatFromList, openChatWith, sendMessage } from '../fixtures/ui.js';

test('server restart: the banner shows reconnecting, then recovers with no message lost', async ({ makeUser, server }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'one');
  await openChatFromList(grace.page, ada.name);
  for (const text of ['two', 'three']) await sendMessage(ada.page, text);
  await expect(messagesWithText(grace.page, 'three')).toHaveCount(1);

  await server.kill();
  const banner = ada.page.getByTestId('connection-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveText(/Reconnecting…|Connecting…/);
  await server.start(); // same port, same data dir
  await expect(banner).toHaveCount(0, { timeout: 40_000 });
  await expect(grace.page.getByTestId('connection-banner')).toHaveCount(0, { timeout: 40_000 });

  await sendMessage(grace.page, 'back again');
  await expect(messagesWithText(ada.page, 'back again')).toHaveCount(1);
  for (const page of [ada.page, grace.page]) {
    for (const text of ['one', 'two', 'three', 'back again']) await expect(messagesWithText(page, text)).toHaveCount(1);
    const seqs = await page.getByTestId('message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(seqs).toEqual([1, 2, 3, 4]);
  }
});

test('a message written offline is delivered after reconnect, exactly once', async ({ makeUser, server }) => {
  const ada = await makeUser('Ada Lovelace');
  const grace = await makeUser('Grace Hopper');
  await connect(ada, grace);
  await openChatWith(ada.page, grace.name);
  await sendMessage(ada.page, 'before the outage');
  await openChatFromList(grace.page, ada.name);

  await server.kill();
  await expect(ada.page.getByTestId('connection-banner')).toBeVisible();
  await sendMessage(ada.page, 'written while offline');
  await expect(messagesWithText(ada.page, 'written while offline')).toHaveAttribute('data-state', /pending|failed/);

  await server.start();
  await expect(messagesWithText(ada.page, 'written while offline')).toHaveAttribute('data-state', 'sent', { timeout: 40_000 });
  await expect(messagesWithText(grace.page, 'written while offline')).toHaveCount(1, { timeout: 40_000 });
  // Give a duplicate every chance to show up before counting.
  await ada.page.waitForTimeout(1500);
  await expect(messagesWithText(ada.page, 'written while offline')).toHaveCount(1);
  await expect(messagesWithText(grace.page, 'written while offline')).toHaveCount(1);
  const stored = await storedMessages(server.url, grace.email, grace.password);
  expect(stored.filter((m) => m.content === 'written while offline')).toHaveLength(1);
});
