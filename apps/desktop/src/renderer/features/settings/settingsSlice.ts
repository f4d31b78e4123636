/**
 * Settings main stores: this device's (notification switch, theme, start at login,
 * starred contacts) and the notification preferences synced through the server.
 */
import { createSlice } from '@reduxjs/toolkit';
import { mergePreferences, type PreferencesPatch } from '@parley/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../../common/views.js';
import { settingsChanged, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

export interface SettingsState {
  settings: Settings;
  /** The settings before optimistic preference changes still waiting for main's answer. */
  beforePending: Settings | null;
}

const initialState: SettingsState = {
  settings: DEFAULT_SETTINGS,
  beforePending: null,
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
      // Optimistic as well: a switch flips at once; the server's answer replaces the guess,
      // and a refusal (offline) puts back what was there.
      .addCase(updatePreferences.pending, (state, { meta }) => {
        state.beforePending ??= state.settings;
        const preferences = mergePreferences(state.settings.preferences, meta.arg, new Date().toISOString());
        const doNotDisturb = meta.arg.dnd ? meta.arg.dnd.enabled : state.settings.doNotDisturb;
        state.settings = { ...state.settings, preferences, doNotDisturb };
      })
      .addCase(updatePreferences.fulfilled, (state, { payload }) => {
        state.settings = payload;
        state.beforePending = null;
      })
      .addCase(updatePreferences.rejected, (state) => {
        if (state.beforePending) state.settings = state.beforePending;
        state.beforePending = null;
      });
  },
});

export const selectSettings = (state: { settings: SettingsState }) => state.settings.settings;
