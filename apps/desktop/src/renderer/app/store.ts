/**
 * The store. `makeStore` is the one configuration, used by the app and by tests (RTK
 * template): tests pass a fake bridge and preloaded state and exercise the real reducers,
 * selectors and thunks. Thunks reach main through `extra.bridge`, never a global.
 */
import { combineReducers, configureStore } from '@reduxjs/toolkit';
import type { RendererBridge } from '../bridge/rendererBridge.js';
import { chatsSlice } from '../features/chats/chatsSlice.js';
import { attachmentLinksSlice } from '../features/messages/attachmentLinksSlice.js';
import { connectionStatusSlice } from '../features/connectionStatus/connectionStatusSlice.js';
import { connectionsSlice } from '../features/connections/connectionsSlice.js';
import { feedSlice } from '../features/feed/feedSlice.js';
import { attachmentNamesSlice } from '../features/messages/attachmentNamesSlice.js';
import { messagesSlice } from '../features/messages/messagesSlice.js';
import { navigationSlice } from '../features/navigation/navigationSlice.js';
import { notificationsSlice } from '../features/notifications/notificationsSlice.js';
import { presenceSlice } from '../features/presence/presenceSlice.js';
import { searchSlice } from '../features/search/searchSlice.js';
import { sessionSlice } from '../features/session/sessionSlice.js';
import { settingsSlice } from '../features/settings/settingsSlice.js';
import { toastsSlice } from '../features/toasts/toastsSlice.js';
import { typingSlice } from '../features/typing/typingSlice.js';
import { usersSlice } from '../features/users/usersSlice.js';

const rootReducer = combineReducers({
  session: sessionSlice.reducer,
  connectionStatus: connectionStatusSlice.reducer,
  navigation: navigationSlice.reducer,
  chats: chatsSlice.reducer,
  messages: messagesSlice.reducer,
  typing: typingSlice.reducer,
  users: usersSlice.reducer,
  connections: connectionsSlice.reducer,
  presence: presenceSlice.reducer,
  notifications: notificationsSlice.reducer,
  feed: feedSlice.reducer,
  settings: settingsSlice.reducer,
  toasts: toastsSlice.reducer,
  attachmentNames: attachmentNamesSlice.reducer,
  attachmentLinks: attachmentLinksSlice.reducer,
  search: searchSlice.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;

export interface ThunkExtra {
  bridge: RendererBridge;
}

export function makeStore(bridge: RendererBridge, preloadedState?: Partial<RootState>) {
  return configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: { bridge } satisfies ThunkExtra } }),
  });
}

export type AppStore = ReturnType<typeof makeStore>;
export type AppDispatch = AppStore['dispatch'];
