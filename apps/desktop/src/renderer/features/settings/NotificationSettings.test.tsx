// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Preferences } from '@parley/protocol';
import type { Settings } from '../../../common/views.js';
import { chatsReceived, settingsChanged } from '../../app/events.js';
import { chat } from '../../test/builders.js';
import { createFakeBridge, DEFAULT_SETTINGS } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { NotifyModeMenu } from '../chats/NotifyModeMenu.js';
import { ChatNotificationModes, NotificationSettings } from './NotificationSettings.js';

afterEach(() => cleanup());

const NOW = Date.parse('2024-06-01T12:00:00.000Z');
const withPrefs = (p: Partial<Preferences>): Settings => ({ ...DEFAULT_SETTINGS, preferences: { ...DEFAULT_SETTINGS.preferences, ...p } });

/** Main's answer to `preferences.update`: the patch applied, as the server would. */
function answerPatches(bridge: ReturnType<typeof createFakeBridge>) {
  let current = DEFAULT_SETTINGS;
  bridge.handle('preferences.update', (patch) => {
    const p = current.preferences;
    current = {
      ...current,
      doNotDisturb: patch.dnd ? patch.dnd.enabled : current.doNotDisturb,
      preferences: {
        ...p,
        version: p.version + 1,
        privacy: patch.privacy ?? p.privacy,
        dnd: patch.dnd ? { enabled: patch.dnd.enabled, until: patch.dnd.until ?? null } : p.dnd,
        quiet_hours: { ...p.quiet_hours, ...patch.quiet_hours },
      },
    };
    return current;
  });
}

describe('Settings: notifications', () => {
  it('privacy, quiet hours and do-not-disturb are saved through main (synced preferences)', async () => {
    const bridge = createFakeBridge();
    answerPatches(bridge);
    renderWithStore(<NotificationSettings now={() => NOW} />, { bridge });

    fireEvent.click(screen.getByRole('radio', { name: 'Sender only' }));
    expect(bridge.callsOf('preferences.update')).toEqual([{ privacy: 'sender' }]);
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Sender only' }).getAttribute('aria-checked')).toBe('true'));

    const start = screen.getByLabelText('Quiet hours start') as HTMLInputElement;
    expect(start.disabled).toBe(true);
    fireEvent.click(screen.getByRole('switch', { name: 'Quiet hours' }));
    await waitFor(() => expect((screen.getByLabelText('Quiet hours start') as HTMLInputElement).disabled).toBe(false));
    fireEvent.change(screen.getByLabelText('Quiet hours start'), { target: { value: '21:30' } });
    expect(bridge.callsOf('preferences.update').slice(1)).toEqual([{ quiet_hours: { enabled: true } }, { quiet_hours: { start: '21:30' } }]);

    fireEvent.change(screen.getByRole('combobox', { name: 'Do not disturb' }), { target: { value: '1h' } });
    expect(bridge.callsOf('preferences.update').at(-1)).toEqual({ dnd: { enabled: true, until: '2024-06-01T13:00:00.000Z' } });
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Do not disturb' }) as HTMLSelectElement).value).toBe('timed'));
    fireEvent.change(screen.getByRole('combobox', { name: 'Do not disturb' }), { target: { value: 'off' } });
    expect(bridge.callsOf('preferences.update').at(-1)).toEqual({ dnd: { enabled: false } });
  });

  it('flips at once, and when the server cannot be reached puts it back and says why', async () => {
    const bridge = createFakeBridge();
    bridge.fail('preferences.update', 'offline', 'Notification settings are saved on the server; try again when online.');
    const { store } = renderWithStore(<NotificationSettings now={() => NOW} />, { bridge });
    const quiet = screen.getByRole('switch', { name: 'Quiet hours' }) as HTMLInputElement;
    fireEvent.click(quiet);
    expect(quiet.checked).toBe(true);
    await waitFor(() => expect((screen.getByRole('switch', { name: 'Quiet hours' }) as HTMLInputElement).checked).toBe(false));
    await waitFor(() => expect(store.getState().toasts.items.map((t) => t.text)).toEqual(['Notification settings are saved on the server; try again when online.']));
  });

  it('the desktop switch stays a local setting', () => {
    const bridge = createFakeBridge();
    bridge.handle('settings.update', (patch) => ({ ...DEFAULT_SETTINGS, ...patch }) as Settings);
    renderWithStore(<NotificationSettings />, { bridge });
    fireEvent.click(screen.getByRole('switch', { name: /Desktop notifications/ }));
    expect(bridge.callsOf('settings.update')).toEqual([{ notificationsEnabled: false }]);
    expect(bridge.callsOf('preferences.update')).toEqual([]);
  });

  it('shows a change made on another device as soon as main pushes it', () => {
    const { store } = renderWithStore(<NotificationSettings now={() => NOW} />);
    act(() => void store.dispatch(settingsChanged({ ...withPrefs({ privacy: 'none', dnd: { enabled: true, until: null } }), doNotDisturb: true })));
    expect(screen.getByRole('radio', { name: 'Nothing' }).getAttribute('aria-checked')).toBe('true');
    expect((screen.getByRole('combobox', { name: 'Do not disturb' }) as HTMLSelectElement).value).toBe('on');
    expect(screen.getByText('Silenced until you turn it off')).toBeTruthy();
  });
});

describe('per-chat notification mode', () => {
  it('the settings list sets a chat to mentions only', async () => {
    const bridge = createFakeBridge();
    bridge.handle('chats.setNotifyMode', () => null);
    const { store } = renderWithStore(<ChatNotificationModes />, { bridge });
    act(() => void store.dispatch(chatsReceived([chat({ id: 4, title: 'Team' }), chat({ id: 5, title: 'Gone', ended: 'left' })])));
    expect(screen.queryByRole('combobox', { name: 'Notifications for Gone' })).toBeNull();
    fireEvent.change(screen.getByRole('combobox', { name: 'Notifications for Team' }), { target: { value: 'mentions' } });
    expect(bridge.callsOf('chats.setNotifyMode')).toEqual([{ chatId: 4, mode: 'mentions' }]);
    expect(store.getState().chats.entities[4]?.notify_mode).toBe('mentions');
  });

  it('the chat header menu offers All / Mentions / None, keyboard first', async () => {
    const bridge = createFakeBridge();
    bridge.handle('chats.setNotifyMode', () => null);
    const { store } = renderWithStore(<NotifyModeMenu chat={{ id: 4, notify_mode: 'all' }} />, { bridge });
    act(() => void store.dispatch(chatsReceived([chat({ id: 4 })])));
    const bell = screen.getByRole('button', { name: 'Notifications: All messages' });
    fireEvent.click(bell);
    const menu = screen.getByRole('menu', { name: 'Notify me about' });
    const items = within(menu).getAllByRole('menuitemradio');
    expect(items.map((i) => i.textContent)).toEqual([expect.stringMatching(/^All messages/), expect.stringMatching(/^Mentions only/), expect.stringMatching(/^None/)]);
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items[2]);
    fireEvent.click(items[2]!);
    expect(bridge.callsOf('chats.setNotifyMode')).toEqual([{ chatId: 4, mode: 'none' }]);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(bell);
    // Escape closes without a change.
    fireEvent.click(bell);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(bridge.callsOf('chats.setNotifyMode')).toHaveLength(1);
  });
});
