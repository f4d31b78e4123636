/** Which screen is showing, and which chat or post in it. */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { isSignedOut, navigationRequested } from '../../app/events.js';

export type View = 'chats' | 'people' | 'feed' | 'notifications' | 'settings';
export const VIEWS: readonly View[] = ['chats', 'people', 'feed', 'notifications', 'settings'];

export interface NavigationState {
  view: View;
  chatId: number | null;
  /** A post to scroll to and open (a notification about it was clicked). */
  focusedPostId: number | null;
}

const initialState: NavigationState = { view: 'chats', chatId: null, focusedPostId: null };

export const navigationSlice = createSlice({
  name: 'navigation',
  initialState,
  reducers: {
    viewSelected(state, { payload }: PayloadAction<View>) {
      state.view = payload;
      if (payload !== 'feed') state.focusedPostId = null;
    },
    chatOpened(state, { payload }: PayloadAction<number | null>) {
      state.view = 'chats';
      state.chatId = payload;
    },
    postFocusHandled(state) {
      state.focusedPostId = null;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(navigationRequested, (state, { payload }) => {
        switch (payload.kind) {
          case 'chat':
            state.view = 'chats';
            state.chatId = payload.chatId;
            break;
          case 'post':
            state.view = 'feed';
            state.focusedPostId = payload.postId;
            break;
          case 'requests':
          case 'people':
            state.view = 'people';
            break;
        }
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

export const { viewSelected, chatOpened, postFocusHandled } = navigationSlice.actions;
export const selectView = (state: { navigation: NavigationState }) => state.navigation.view;
export const selectOpenChatId = (state: { navigation: NavigationState }) => state.navigation.chatId;
