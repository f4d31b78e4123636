/**
 * In-app toasts: short, dismissable notes raised by the seed hooks' callbacks (a new
 * request, an accepted connection, a comment). OS alerts are main's job; these are the
 * in-window counterpart and are announced to screen readers.
 */
import { createSlice, nanoid, type PayloadAction } from '@reduxjs/toolkit';
import type { NavigationTarget } from '../../../common/views.js';
import { isSignedOut } from '../../app/events.js';

export interface Toast {
  id: string;
  text: string;
  target: NavigationTarget | null;
}

/** More than this at once is noise; the oldest go first. */
const MAX_TOASTS = 4;

export const toastsSlice = createSlice({
  name: 'toasts',
  initialState: { items: [] as Toast[] },
  reducers: {
    toastShown: {
      reducer(state, { payload }: PayloadAction<Toast>) {
        state.items.push(payload);
        if (state.items.length > MAX_TOASTS) state.items.splice(0, state.items.length - MAX_TOASTS);
      },
      prepare(text: string, target: NavigationTarget | null = null) {
        return { payload: { id: nanoid(), text, target } };
      },
    },
    toastDismissed(state, { payload }: PayloadAction<string>) {
      state.items = state.items.filter((t) => t.id !== payload);
    },
  },
  extraReducers: (builder) => builder.addMatcher(isSignedOut, () => ({ items: [] })),
});

export const { toastShown, toastDismissed } = toastsSlice.actions;
export const selectToasts = (state: { toasts: { items: Toast[] } }) => state.toasts.items;
