/** Who is signed in, to which server, and the sign-in form's progress. */
import { createSlice } from '@reduxjs/toolkit';
import type { SessionView } from '../../../common/views.js';
import { loadSnapshot } from '../../app/boot.js';
import { sessionChanged, sessionEnded, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { errorMessage, invoke } from '../../bridge/rendererBridge.js';

export interface SessionState {
  session: SessionView | null;
  /** False until the first snapshot arrived: the UI shows a splash, not the sign-in form. */
  bootstrapped: boolean;
  /** The server main uses when none is typed in (configured or last used). */
  defaultServerUrl: string | null;
  authPending: boolean;
  authError: string | null;
  /** Why the first snapshot could not be read (main unreachable), for the splash screen. */
  bootError: string | null;
  /** Why the server ended the last session, shown on the sign-in screen until the next attempt. */
  endedMessage: string | null;
}

const initialState: SessionState = {
  session: null,
  bootstrapped: false,
  defaultServerUrl: null,
  authPending: false,
  authError: null,
  bootError: null,
  endedMessage: null,
};

export interface AuthForm {
  mode: 'login' | 'register';
  serverUrl: string;
  email: string;
  password: string;
  fullName: string;
}

export const submitAuth = createAppThunk('session/submitAuth', async (form: AuthForm, { dispatch, extra }) => {
  const serverUrl = form.serverUrl.trim() || undefined;
  const session =
    form.mode === 'register'
      ? await invoke(extra.bridge, 'session.register', {
          serverUrl,
          email: form.email.trim(),
          password: form.password,
          full_name: form.fullName.trim(),
        })
      : await invoke(extra.bridge, 'session.login', { serverUrl, email: form.email.trim(), password: form.password });
  dispatch(sessionChanged(session));
  await dispatch(loadSnapshot());
  return session;
});

export const signOut = createAppThunk('session/signOut', async (_: void, { dispatch, extra }) => {
  await invoke(extra.bridge, 'session.logout', {});
  dispatch(sessionChanged(null));
  await dispatch(loadSnapshot());
  return null;
});

export const sessionSlice = createSlice({
  name: 'session',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.session = payload.session;
        state.bootstrapped = true;
        state.bootError = null;
        state.defaultServerUrl = payload.defaultServerUrl ?? payload.session?.serverUrl ?? state.defaultServerUrl;
      })
      .addCase(sessionChanged, (state, { payload }) => {
        state.session = payload;
        if (payload) {
          state.defaultServerUrl = payload.serverUrl;
          state.endedMessage = null;
        }
      })
      .addCase(sessionEnded, (state, { payload }) => {
        state.endedMessage = payload.message;
      })
      .addCase(loadSnapshot.rejected, (state, { error }) => {
        if (!state.bootstrapped) state.bootError = errorMessage(error);
      })
      .addCase(submitAuth.pending, (state) => {
        state.authPending = true;
        state.authError = null;
        state.endedMessage = null;
      })
      .addCase(submitAuth.fulfilled, (state) => {
        state.authPending = false;
      })
      .addCase(submitAuth.rejected, (state, { error }) => {
        state.authPending = false;
        state.authError = errorMessage(error);
      });
  },
});

export const selectSession = (state: { session: SessionState }) => state.session.session;
export const selectMyId = (state: { session: SessionState }) => state.session.session?.user.id ?? null;
