/**
 * Settings main stores: this device's (notification switch, theme, start at login,
 * starred contacts) and the notification preferences synced through the server.
 */
import { createSlice } from '@reduxjs/toolkit';
import { DEFAULT_PREFERENCES, type PreferencesPatch } from '@parley/protocol';
import type { Settings } from '../../../common/views.js';
import { settingsChanged, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

export interface SettingsState {
  settings: Settings;
}

const initialState: SettingsState = {
  settings: {
    notificationsEnabled: true,
    doNotDisturb: false,
    mutedChatIds: [],
    starredUserIds: [],
    theme: 'system',
    startAtLogin: false,
    preferences: DEFAULT_PREFERENCES,
  },
};

export type SettingsPatch = Partial<Pick<Settings, 'notificationsEnabled' | 'doNotDisturb' | 'theme' | 'startAtLogin'>>;

export const updateSettings = createAppThunk('settings/update', async (patch: SettingsPatch, { extra }) =>
  invoke(extra.bridge, 'settings.update', patch),
);

/** Notification preferences: saved on the server for all my devices, then applied here. */
export const updatePreferences = createAppThunk('settings/updatePreferences', async (patch: PreferencesPatch, { extra }) =>
  invoke(extra.bridge, 'preferences.update', patch),
);

export const settingsSlice = createSlice({
  name: 'settings',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.settings = payload.settings;
      })
      .addCase(settingsChanged, (state, { payload }) => {
        state.settings = payload;
      })
      // Optimistic: a toggle flips at once; main's answer (or push) is the final word.
      .addCase(updateSettings.pending, (state, { meta }) => {
        state.settings = { ...state.settings, ...meta.arg };
      })
      .addCase(updateSettings.fulfilled, (state, { payload }) => {
        state.settings = payload;
      })
      .addCase(updatePreferences.fulfilled, (state, { payload }) => {
        state.settings = payload;
      });
  },
});

export const selectSettings = (state: { settings: SettingsState }) => state.settings.settings;
