// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsChanged } from '../../app/events.js';
import { createFakeBridge, DEFAULT_SETTINGS } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { SettingsScreen } from './SettingsScreen.js';

afterEach(() => cleanup());

describe('Settings: start at login', () => {
  it('asks main to turn it on and shows what main stored', async () => {
    const bridge = createFakeBridge();
    bridge.handle('settings.update', (patch) => ({ ...DEFAULT_SETTINGS, ...patch }) as typeof DEFAULT_SETTINGS);
    renderWithStore(<SettingsScreen />, { bridge });
    const toggle = screen.getByRole('switch', { name: /Start Parley at login/ });
    expect((toggle as HTMLInputElement).checked).toBe(false);
    fireEvent.click(toggle);
    expect(bridge.callsOf('settings.update')).toEqual([{ startAtLogin: true }]);
    await waitFor(() => expect((screen.getByRole('switch', { name: /Start Parley at login/ }) as HTMLInputElement).checked).toBe(true));
  });

  it('follows settings changed elsewhere (another window, main)', () => {
    const { store } = renderWithStore(<SettingsScreen />);
    act(() => void store.dispatch(settingsChanged({ ...DEFAULT_SETTINGS, startAtLogin: true })));
    expect((screen.getByRole('switch', { name: /Start Parley at login/ }) as HTMLInputElement).checked).toBe(true);
  });
});
