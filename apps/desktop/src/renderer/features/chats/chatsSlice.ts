/** The chat list: each chat with its last message, unread count and mute flag. */
import { createEntityAdapter, createSelector, createSlice } from '@reduxjs/toolkit';
import type { Chat, NotificationMode } from '@parley/protocol';
import type { ChatView, MessageView } from '../../../common/views.js';
import { chatsReceived, isSignedOut, messagesReceived, settingsChanged, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

function activity(chat: ChatView): string {
  return chat.last_message?.timestamp ?? '';
}

/** Most recent activity first, as every messenger sorts its list; then newest chat. */
const chatsAdapter = createEntityAdapter<ChatView>({
  sortComparer: (a, b) => activity(b).localeCompare(activity(a)) || b.id - a.id,
});

const initialState = chatsAdapter.getInitialState();
export type ChatsState = typeof initialState;

export const createChat = createAppThunk(
  'chats/createChat',
  async (args: { memberIds: number[]; title?: string }, { extra }) => {
    const title = args.title?.trim() || undefined;
    return invoke(extra.bridge, 'chats.create', { member_ids: args.memberIds, title });
  },
);

export const markChatRead = createAppThunk('chats/markRead', async (args: { chatId: number; seq: number }, { extra }) => {
  await invoke(extra.bridge, 'chats.markRead', args);
  return args;
});

/** All, mentions only or none for one chat; `previous` restores the menu if the server refuses. */
export const setNotifyMode = createAppThunk(
  'chats/setNotifyMode',
  async (args: { chatId: number; mode: NotificationMode; previous: NotificationMode }, { extra }) => {
    await invoke(extra.bridge, 'chats.setNotifyMode', { chatId: args.chatId, mode: args.mode });
    return args;
  },
);

function fromCreated(chat: Chat): ChatView {
  return {
    ...chat,
    is_group: chat.is_group ?? false,
    admin_ids: chat.admin_ids ?? [],
    reads: [],
    ended: null,
    last_message: null,
    unread_count: 0,
    last_seq: 0,
    read_seq: 0,
    muted: false,
    notify_mode: 'all',
  };
}

function isNewer(message: MessageView, than: MessageView | null): boolean {
  if (!than) return true;
  if (message.seq !== null && than.seq !== null) return message.seq > than.seq;
  return message.timestamp >= than.timestamp;
}

export const chatsSlice = createSlice({
  name: 'chats',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        chatsAdapter.setAll(state, payload.chats);
      })
      .addCase(chatsReceived, (state, { payload }) => {
        chatsAdapter.upsertMany(state, payload);
      })
      // Main recomputes unread counts from its cache and pushes the chat; until it does,
      // the preview line already shows the newest message.
      .addCase(messagesReceived, (state, { payload }) => {
        for (const message of payload) {
          const chat = state.entities[message.chat_id];
          if (!chat || !isNewer(message, chat.last_message)) continue;
          chatsAdapter.updateOne(state, {
            id: chat.id,
            changes: { last_message: message, last_seq: Math.max(chat.last_seq, message.seq ?? 0) },
          });
        }
      })
      .addCase(createChat.fulfilled, (state, { payload }) => {
        if (!state.entities[payload.id]) chatsAdapter.addOne(state, fromCreated(payload));
      })
      .addCase(markChatRead.pending, (state, { meta }) => {
        const chat = state.entities[meta.arg.chatId];
        if (chat && meta.arg.seq >= chat.read_seq) {
          chat.read_seq = meta.arg.seq;
          chat.unread_count = meta.arg.seq >= chat.last_seq ? 0 : chat.unread_count;
        }
      })
      .addCase(setNotifyMode.pending, (state, { meta }) => {
        const chat = state.entities[meta.arg.chatId];
        if (chat) Object.assign(chat, { notify_mode: meta.arg.mode, muted: meta.arg.mode === 'none' });
      })
      .addCase(setNotifyMode.rejected, (state, { meta }) => {
        const chat = state.entities[meta.arg.chatId];
        if (chat) Object.assign(chat, { notify_mode: meta.arg.previous, muted: meta.arg.previous === 'none' });
      })
      .addCase(settingsChanged, (state, { payload }) => {
        const modes = payload.preferences.chat_modes;
        for (const chat of Object.values(state.entities)) {
          if (!chat) continue;
          chat.notify_mode = modes[String(chat.id)] ?? 'all';
          chat.muted = chat.notify_mode === 'none';
        }
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

type S = { chats: ChatsState };
const selectors = chatsAdapter.getSelectors((state: S) => state.chats);
export const selectChats = selectors.selectAll;
export const selectChatById = selectors.selectById;

/** The badge on the Chats tab: unread messages in chats that are not muted. */
export const selectTotalUnread = createSelector(selectChats, (chats) =>
  chats.reduce((sum, chat) => sum + (chat.muted ? 0 : chat.unread_count), 0),
);

/** The one-to-one chat with `userId`, if there is one (reused instead of creating another). */
export const selectDirectChatWith = createSelector(
  [selectChats, (_: S, userId: number) => userId, (_: S, _userId: number, myId: number | null) => myId],
  (chats, userId, myId) =>
    chats.find((chat) => {
      const others = chat.member_ids.filter((id) => id !== myId);
      return !chat.is_group && !chat.ended && others.length === 1 && others[0] === userId;
    }) ?? null,
);

/** A chat's name: its title, or the other members' names. */
export function chatTitle(chat: Pick<ChatView, 'title' | 'member_ids'>, names: (id: number) => string, myId: number | null): string {
  if (chat.title) return chat.title;
  const others = chat.member_ids.filter((id) => id !== myId);
  if (others.length === 0) return 'Just you';
  return others.map(names).join(', ');
}
