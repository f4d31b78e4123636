/** Main's connection to the server, as the banner and the seed hooks' `isConnected` see it. */
import { createSlice } from '@reduxjs/toolkit';
import type { ConnectionState } from '../../../common/views.js';
import { connectionChanged, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

export interface ConnectionStatusState {
  connection: ConnectionState;
}

const initialState: ConnectionStatusState = { connection: { state: 'signed_out' } };

/** "Retry" in the offline banner: main skips the rest of its backoff wait. */
export const retryNow = createAppThunk('connection/retryRequested', async (_: void, { extra }) => {
  await invoke(extra.bridge, 'connection.retryNow', {});
  return null;
});

export const connectionStatusSlice = createSlice({
  name: 'connectionStatus',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.connection = payload.connection;
      })
      .addCase(connectionChanged, (state, { payload }) => {
        state.connection = payload;
      });
  },
});

export const selectConnection = (state: { connectionStatus: ConnectionStatusState }) => state.connectionStatus.connection;
export const selectIsOnline = (state: { connectionStatus: ConnectionStatusState }) =>
  state.connectionStatus.connection.state === 'online';

/** Seconds until the next attempt, rounded up, never negative; null when none is scheduled. */
export function secondsUntilRetry(connection: ConnectionState, now: number): number | null {
  if (connection.state !== 'reconnecting' && connection.state !== 'offline') return null;
  return Math.max(0, Math.ceil((connection.nextRetryAt - now) / 1000));
}
