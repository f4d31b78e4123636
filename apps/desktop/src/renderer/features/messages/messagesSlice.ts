/**
 * Chat messages from main's cache, keyed by MessageView.key: `c<client_id>` while in the
 * outbox, `m<id>` once stored. When the stored copy of an outbox message arrives, the
 * outbox entry is dropped, so a message shows once whichever order the two arrive in.
 */
import { createEntityAdapter, createSelector, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { MessageView } from '../../../common/views.js';
import { isSignedOut, messagesReceived } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

/** Messages per page when opening a chat or scrolling back. */
export const PAGE_SIZE = 50;

/** Per chat, then by seq; outbox messages (no seq yet) after every stored one, oldest first. */
export function compareMessages(a: MessageView, b: MessageView): number {
  if (a.chat_id !== b.chat_id) return a.chat_id - b.chat_id;
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return a.timestamp.localeCompare(b.timestamp) || a.key.localeCompare(b.key);
}

const messagesAdapter = createEntityAdapter<MessageView, string>({
  selectId: (m) => m.key,
  sortComparer: compareMessages,
});

export interface ChatHistoryMeta {
  loaded: boolean;
  loading: boolean;
  /** False once a page came back short: the start of the chat is on screen. */
  hasOlder: boolean;
}

const initialState = messagesAdapter.getInitialState({
  /** `${sender_id}:${client_id}` → the key currently showing that send. */
  keyByClientId: {} as Record<string, string>,
  history: {} as Record<number, ChatHistoryMeta>,
});
export type MessagesState = typeof initialState;

function upsertViews(state: MessagesState, views: readonly MessageView[]): void {
  for (const view of views) {
    if (view.client_id) {
      const ref = `${view.sender_id}:${view.client_id}`;
      const shownKey = state.keyByClientId[ref];
      if (shownKey && shownKey !== view.key) {
        const shown = state.entities[shownKey];
        // A late outbox update must not resurrect a message that is already stored.
        if (shown?.state === 'sent' && view.state !== 'sent') continue;
        messagesAdapter.removeOne(state, shownKey);
      }
      state.keyByClientId[ref] = view.key;
    }
    messagesAdapter.upsertOne(state, view);
  }
}

export const loadMessages = createAppThunk(
  'messages/loadPage',
  async (args: { chatId: number; beforeSeq?: number; limit?: number }, { extra }) => {
    const limit = args.limit ?? PAGE_SIZE;
    const messages = await invoke(extra.bridge, 'messages.list', { chatId: args.chatId, ...(args.beforeSeq !== undefined ? { beforeSeq: args.beforeSeq } : {}), limit });
    return { chatId: args.chatId, messages, older: args.beforeSeq !== undefined, limit };
  },
  {
    condition: (args, { getState }) => !getState().messages.history[args.chatId]?.loading,
  },
);

export const retryMessage = createAppThunk('messages/retry', async (clientId: string, { extra }) =>
  invoke(extra.bridge, 'messages.retry', { clientId }),
);

export const messagesSlice = createSlice({
  name: 'messages',
  initialState,
  reducers: {
    /** main took a send into its outbox (the answer to `messages.send`). */
    sendAccepted(state, { payload }: PayloadAction<MessageView>) {
      upsertViews(state, [payload]);
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(messagesReceived, (state, { payload }) => upsertViews(state, payload))
      .addCase(loadMessages.pending, (state, { meta }) => {
        const meta0 = state.history[meta.arg.chatId] ?? { loaded: false, loading: false, hasOlder: true };
        state.history[meta.arg.chatId] = { ...meta0, loading: true };
      })
      .addCase(loadMessages.fulfilled, (state, { payload }) => {
        upsertViews(state, payload.messages);
        const stored = payload.messages.filter((m) => m.seq !== null).length;
        const previous = state.history[payload.chatId];
        state.history[payload.chatId] = {
          loaded: true,
          loading: false,
          hasOlder: payload.older || !previous?.loaded ? stored >= payload.limit : previous.hasOlder,
        };
      })
      .addCase(loadMessages.rejected, (state, { meta }) => {
        const previous = state.history[meta.arg.chatId];
        if (previous) previous.loading = false;
      })
      .addCase(retryMessage.pending, (state, { meta }) => {
        const key = `c${meta.arg}`;
        const message = state.entities[key];
        if (message && message.state === 'failed') messagesAdapter.updateOne(state, { id: key, changes: { state: 'pending' } });
      })
      .addCase(retryMessage.fulfilled, (state, { payload }) => upsertViews(state, [payload]))
      .addMatcher(isSignedOut, () => initialState);
  },
});

export const { sendAccepted } = messagesSlice.actions;

type S = { messages: MessagesState };
const selectors = messagesAdapter.getSelectors((state: S) => state.messages);
export const selectAllMessages = selectors.selectAll;

/** Messages of one chat in display order. One memoized selector per mounted chat view. */
export function makeSelectChatMessages() {
  return createSelector([selectAllMessages, (_: S, chatId: number) => chatId], (all, chatId) =>
    all.filter((m) => m.chat_id === chatId),
  );
}

/** Stored messages by `chat_id:seq`, rebuilt only when the messages change. */
const selectBySeq = createSelector([selectAllMessages], (all) => {
  const index = new Map<string, MessageView>();
  for (const m of all) if (m.seq !== null) index.set(`${m.chat_id}:${m.seq}`, m);
  return index;
});
export const selectMessageBySeq = (state: S, chatId: number, seq: number): MessageView | undefined => selectBySeq(state).get(`${chatId}:${seq}`);

const NO_HISTORY: ChatHistoryMeta = { loaded: false, loading: false, hasOlder: true };
export const selectHistoryMeta = (state: S, chatId: number): ChatHistoryMeta => state.messages.history[chatId] ?? NO_HISTORY;
