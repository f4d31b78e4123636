/** Preferences main stores: alerts, do-not-disturb, mutes, starred contacts, theme. */
import { createSlice } from '@reduxjs/toolkit';
import type { Settings } from '../../../common/views.js';
import { settingsChanged, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

export interface SettingsState {
  settings: Settings;
}

const initialState: SettingsState = {
  settings: { notificationsEnabled: true, doNotDisturb: false, mutedChatIds: [], starredUserIds: [], theme: 'system', startAtLogin: false },
};

export type SettingsPatch = Partial<Pick<Settings, 'notificationsEnabled' | 'doNotDisturb' | 'theme' | 'startAtLogin'>>;

export const updateSettings = createAppThunk('settings/update', async (patch: SettingsPatch, { extra }) =>
  invoke(extra.bridge, 'settings.update', patch),
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
      });
  },
});

export const selectSettings = (state: { settings: SettingsState }) => state.settings.settings;
