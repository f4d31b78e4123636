/** Who is typing in which chat (other people only; main never echoes our own). */
import { createSelector, createSlice } from '@reduxjs/toolkit';
import { isSignedOut, messagesReceived, typingChanged } from '../../app/events.js';

export interface TypingState {
  /** chatId → user ids currently typing, in the order they started. */
  byChat: Record<number, number[]>;
}

const initialState: TypingState = { byChat: {} };

export const typingSlice = createSlice({
  name: 'typing',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(typingChanged, (state, { payload }) => {
        const current = state.byChat[payload.chatId] ?? [];
        const without = current.filter((id) => id !== payload.userId);
        const next = payload.isTyping ? [...without, payload.userId] : without;
        if (next.length) state.byChat[payload.chatId] = next;
        else delete state.byChat[payload.chatId];
      })
      // A message from someone means they finished typing it.
      .addCase(messagesReceived, (state, { payload }) => {
        for (const message of payload) {
          const current = state.byChat[message.chat_id];
          if (!current) continue;
          const next = current.filter((id) => id !== message.sender_id);
          if (next.length) state.byChat[message.chat_id] = next;
          else delete state.byChat[message.chat_id];
        }
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

const EMPTY: number[] = [];
export const selectTypingUserIds = (state: { typing: TypingState }, chatId: number): number[] =>
  state.typing.byChat[chatId] ?? EMPTY;
export const selectChatsWithTyping = createSelector(
  (state: { typing: TypingState }) => state.typing.byChat,
  (byChat) => new Set(Object.keys(byChat).map(Number)),
);
