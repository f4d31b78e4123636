/**
 * Message search: the query, its scope (all chats or one), the hits, and a jump to a hit
 * that the open chat pane carries out. Results arrive as the user types, so several
 * searches may be in flight: only the answer to the latest one is kept (`latest` holds
 * its request id); an older answer arriving late is dropped.
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { MessageView } from '../../../common/views.js';
import { isSignedOut } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { errorMessage, invoke } from '../../bridge/rendererBridge.js';

export interface SearchState {
  open: boolean;
  query: string;
  /** Only this chat, or every chat when null. */
  chatId: number | null;
  status: 'idle' | 'loading' | 'done' | 'error';
  hits: MessageView[];
  nextBefore: number | null;
  serverSearched: boolean;
  error: string | null;
  /** Request id of the search whose answer is wanted. */
  latest: string | null;
  /** A hit the user opened: the chat pane reveals and highlights it, then clears this. */
  jump: { chatId: number; seq: number } | null;
}

const initialState: SearchState = {
  open: false,
  query: '',
  chatId: null,
  status: 'idle',
  hits: [],
  nextBefore: null,
  serverSearched: false,
  error: null,
  latest: null,
  jump: null,
};

/** One page of hits; `before` asks for the page after the current one. */
export const searchMessages = createAppThunk(
  'search/run',
  async (args: { q: string; chatId: number | null; before?: number }, { extra }) =>
    invoke(extra.bridge, 'search.messages', { q: args.q, ...(args.chatId !== null ? { chatId: args.chatId } : {}), ...(args.before ? { before: args.before } : {}) }),
);

export const searchSlice = createSlice({
  name: 'search',
  initialState,
  reducers: {
    searchOpened(state, { payload }: PayloadAction<{ chatId: number | null }>) {
      state.open = true;
      state.chatId = payload.chatId;
    },
    searchClosed(state) {
      state.open = false;
      state.latest = null;
    },
    queryChanged(state, { payload }: PayloadAction<string>) {
      state.query = payload;
    },
    scopeChanged(state, { payload }: PayloadAction<number | null>) {
      state.chatId = payload;
    },
    /** The query is empty: nothing to show, and any search in flight is no longer wanted. */
    searchCleared(state) {
      state.status = 'idle';
      state.hits = [];
      state.nextBefore = null;
      state.error = null;
      state.latest = null;
    },
    hitOpened(state, { payload }: PayloadAction<{ chatId: number; seq: number }>) {
      state.jump = payload;
    },
    jumpHandled(state) {
      state.jump = null;
    },
  },
  extraReducers: (builder) => {
    builder
      .addCase(searchMessages.pending, (state, { meta }) => {
        // A next page keeps the hits; a new query replaces them when it answers.
        if (meta.arg.before === undefined) state.latest = meta.requestId;
        state.status = 'loading';
        state.error = null;
      })
      .addCase(searchMessages.fulfilled, (state, { payload, meta }) => {
        const paging = meta.arg.before !== undefined;
        if (!paging && meta.requestId !== state.latest) return;
        if (paging && (state.latest === null || meta.arg.before !== state.nextBefore)) return;
        const known = new Set(paging ? state.hits.map((h) => h.key) : []);
        state.hits = paging ? [...state.hits, ...payload.hits.filter((h) => !known.has(h.key))] : payload.hits;
        state.nextBefore = payload.nextBefore;
        state.serverSearched = payload.serverSearched;
        state.status = 'done';
      })
      .addCase(searchMessages.rejected, (state, { meta, error }) => {
        if (meta.arg.before === undefined && meta.requestId !== state.latest) return;
        state.status = 'error';
        state.error = errorMessage(error);
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

export const { searchOpened, searchClosed, queryChanged, scopeChanged, searchCleared, hitOpened, jumpHandled } = searchSlice.actions;
export const selectSearch = (state: { search: SearchState }) => state.search;
export const selectJump = (state: { search: SearchState }) => state.search.jump;
