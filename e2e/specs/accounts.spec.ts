/**
 * Settings → Account (issue 12): the sessions list with this device marked, signing
 * another device out, "Sign out everywhere", and the sign-in screen saying why when the
 * server ends this device's session from elsewhere.
 */
import type { AuthResponse } from '@parley/protocol';
import { expect, test } from '../fixtures/parley.js';
import { goTo, shoot } from '../fixtures/ui.js';

async function phoneLogin(serverUrl: string, email: string, password: string): Promise<AuthResponse> {
  const res = await fetch(`${serverUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, device_name: 'Ada’s phone' }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as AuthResponse;
}

async function meStatus(serverUrl: string, token: string): Promise<number> {
  return (await fetch(`${serverUrl}/users/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

test('sessions list, signing another device out, and sign out everywhere', async ({ makeUser, server }) => {
  const ada = await makeUser('Ada Lovelace');
  const phone = await phoneLogin(server.url, ada.email, ada.password);

  await goTo(ada.page, 'settings');
  const sessions = ada.page.getByRole('list', { name: 'Sessions' });
  await expect(sessions.getByRole('listitem')).toHaveCount(2);
  const thisDevice = sessions.getByRole('listitem').filter({ hasText: 'This device' });
  await expect(thisDevice).toContainText('Parley desktop on');
  await expect(sessions.getByRole('listitem', { name: 'Ada’s phone' })).toContainText('Last active');
  await sessions.scrollIntoViewIfNeeded();
  await shoot(ada.page, 'accounts-sessions');

  // Sign the phone out from the desktop: its token stops working at once.
  await ada.page.getByRole('button', { name: 'Sign out Ada’s phone' }).click();
  await expect(sessions.getByRole('listitem')).toHaveCount(1);
  await expect(ada.page.getByRole('status').filter({ hasText: 'Signed out Ada’s phone' })).toBeVisible();
  expect(await meStatus(server.url, phone.access_token)).toBe(401);

  // A second phone session; "Sign out everywhere" ends it and this desktop's.
  const phone2 = await phoneLogin(server.url, ada.email, ada.password);
  await ada.page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(ada.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await meStatus(server.url, phone2.access_token)).toBe(401);
  await shoot(ada.page, 'accounts-signed-out-everywhere');

  // Back in; then the phone signs this desktop out: the sign-in screen says why.
  await ada.page.getByLabel('Email').fill(ada.email);
  await ada.page.getByLabel('Password').fill(ada.password);
  await ada.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(ada.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const phone3 = await phoneLogin(server.url, ada.email, ada.password);
  const list = (await (await fetch(`${server.url}/auth/sessions`, { headers: { authorization: `Bearer ${phone3.access_token}` } })).json()) as { id: number; current: boolean }[];
  const desktopSession = list.find((s) => !s.current)!;
  const revoked = await fetch(`${server.url}/auth/sessions/${desktopSession.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${phone3.access_token}` } });
  expect(revoked.status).toBe(204);
  await expect(ada.page.getByRole('status').filter({ hasText: 'This device was signed out' })).toBeVisible({ timeout: 15_000 });
  await expect(ada.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await shoot(ada.page, 'accounts-signed-out-elsewhere');
});
