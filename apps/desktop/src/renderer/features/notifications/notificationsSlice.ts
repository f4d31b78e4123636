/** The notifications center: requests, comments and reactions, newest first. */
import { createEntityAdapter, createSelector, createSlice } from '@reduxjs/toolkit';
import type { NotificationView } from '../../../common/views.js';
import { isSignedOut, notificationsReceived, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

const notificationsAdapter = createEntityAdapter<NotificationView, string>({
  selectId: (n) => n.id,
  sortComparer: (a, b) => b.timestamp.localeCompare(a.timestamp) || b.id.localeCompare(a.id),
});

const initialState = notificationsAdapter.getInitialState();
export type NotificationsState = typeof initialState;

export const markAllNotificationsRead = createAppThunk('notifications/markAllRead', async (_: void, { extra }) => {
  await invoke(extra.bridge, 'notifications.markAllRead', {});
  return null;
});

export const notificationsSlice = createSlice({
  name: 'notifications',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        notificationsAdapter.setAll(state, payload.notifications);
      })
      // Ids are derived from the item (`comment:12`), so a replayed one replaces itself.
      .addCase(notificationsReceived, (state, { payload }) => {
        notificationsAdapter.upsertMany(state, payload);
      })
      .addCase(markAllNotificationsRead.pending, (state) => {
        for (const n of Object.values(state.entities)) if (n) n.read = true;
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

type S = { notifications: NotificationsState };
const selectors = notificationsAdapter.getSelectors((state: S) => state.notifications);
export const selectNotifications = selectors.selectAll;
export const selectUnreadNotificationCount = createSelector(selectNotifications, (all) => all.filter((n) => !n.read).length);
