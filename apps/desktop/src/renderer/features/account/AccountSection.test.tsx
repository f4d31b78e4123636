// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '@parley/protocol';
import type { SessionView } from '../../../common/views.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { AccountSection } from './AccountSection.js';

afterEach(() => cleanup());

const me: SessionView = { user: { id: 1, full_name: 'Ann', email: 'ann@example.test' }, serverUrl: 'http://127.0.0.1:1' };
const sessions: SessionInfo[] = [
  { id: 10, device_name: 'Parley desktop on Linux (ann-laptop)', created_at: '2026-01-01T10:00:00.000Z', last_seen_at: '2026-01-02T10:00:00.000Z', current: true },
  { id: 11, device_name: 'Firefox on Windows', created_at: '2026-01-01T09:00:00.000Z', last_seen_at: '2026-01-01T12:00:00.000Z', current: false },
];

function setup() {
  const bridge = createFakeBridge();
  let list = sessions;
  bridge.handle('account.sessions', () => list);
  bridge.handle('account.revokeSession', ({ sessionId }) => {
    list = list.filter((s) => s.id !== sessionId);
    return null;
  });
  renderWithStore(<AccountSection session={me} />, { bridge });
  return bridge;
}

describe('Settings: account', () => {
  it('lists sessions with this device marked, and signs another one out', async () => {
    const bridge = setup();
    const list = await screen.findByRole('list', { name: 'Sessions' });
    const mine = within(list).getByRole('listitem', { name: /ann-laptop/ });
    expect(within(mine).getByText('This device')).toBeTruthy();
    expect(within(mine).queryByRole('button')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out Firefox on Windows' }));
    await waitFor(() => expect(screen.queryByText('Firefox on Windows')).toBeNull());
    expect(bridge.callsOf('account.revokeSession')).toEqual([{ sessionId: 11 }]);
    expect(screen.getByRole('status').textContent).toMatch(/Signed out Firefox on Windows/);
  });

  it('"Sign out everywhere" asks main to end every session', async () => {
    const bridge = setup();
    bridge.handle('account.logoutAll', () => null);
    await screen.findByRole('list', { name: 'Sessions' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(bridge.callsOf('account.logoutAll')).toEqual([{}]));
  });

  it('changes the password and shows the server’s refusal when the current one is wrong', async () => {
    const bridge = setup();
    bridge.fail('account.changePassword', 'forbidden', 'current password is wrong');
    const form = screen.getByRole('form', { name: 'Change password' });
    fireEvent.change(within(form).getByLabelText('Current password'), { target: { value: 'old password' } });
    fireEvent.change(within(form).getByLabelText('New password'), { target: { value: 'new password 1' } });
    fireEvent.submit(form);
    expect((await within(form).findByRole('alert')).textContent).toBe('current password is wrong');
    bridge.handle('account.changePassword', () => null);
    fireEvent.submit(form);
    expect((await within(form).findByRole('status')).textContent).toMatch(/other devices were signed out/);
    expect(bridge.callsOf('account.changePassword').at(-1)).toEqual({ currentPassword: 'old password', newPassword: 'new password 1' });
    expect((within(form).getByLabelText('Current password') as HTMLInputElement).value).toBe('');
  });

  it('saves a new display name and shows the name the server kept', async () => {
    const bridge = setup();
    bridge.handle('account.updateProfile', () => ({ ...me, user: { ...me.user, full_name: 'Ann B' } }));
    const form = screen.getByRole('form', { name: 'Display name' });
    const save = within(form).getByRole('button', { name: 'Save name' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(within(form).getByLabelText('Name others see'), { target: { value: 'Ann\u200b B' } });
    fireEvent.submit(form);
    await within(form).findByRole('status');
    expect(bridge.callsOf('account.updateProfile')).toEqual([{ fullName: 'Ann\u200b B' }]);
    expect((within(form).getByLabelText('Name others see') as HTMLInputElement).value).toBe('Ann B');
  });
});
