import { describe, expect, it } from 'vitest';
import { chatsReceived, messagesReceived, settingsChanged, snapshotLoaded } from '../../app/events.js';
import { makeStore } from '../../app/store.js';
import { chat, message } from '../../test/builders.js';
import { createFakeBridge, DEFAULT_SETTINGS, snapshot } from '../../test/fakeBridge.js';
import { chatTitle, createChat, markChatRead, selectChats, selectDirectChatWith, selectTotalUnread, setNotifyMode } from './chatsSlice.js';

function setup() {
  const bridge = createFakeBridge();
  const store = makeStore(bridge);
  return { bridge, store };
}

describe('chatsSlice', () => {
  it('lists chats by latest activity', () => {
    const { store } = setup();
    store.dispatch(
      snapshotLoaded(
        snapshot({
          chats: [
            chat({ id: 1, last_message: message({ chat_id: 1, seq: 1, timestamp: '2024-01-01T10:00:00.000Z' }) }),
            chat({ id: 2, last_message: message({ chat_id: 2, seq: 1, timestamp: '2024-01-01T11:00:00.000Z' }) }),
            chat({ id: 3 }),
          ],
        }),
      ),
    );
    expect(selectChats(store.getState()).map((c) => c.id)).toEqual([2, 1, 3]);
    store.dispatch(messagesReceived([message({ chat_id: 1, seq: 2, timestamp: '2024-01-01T12:00:00.000Z' })]));
    expect(selectChats(store.getState()).map((c) => c.id)).toEqual([1, 2, 3]);
    expect(selectChats(store.getState())[0]?.last_seq).toBe(2);
  });

  it('counts unread messages except in muted chats', () => {
    const { store } = setup();
    store.dispatch(chatsReceived([chat({ id: 1, unread_count: 3 }), chat({ id: 2, unread_count: 4, muted: true })]));
    expect(selectTotalUnread(store.getState())).toBe(3);
    // A mode change made on another device arrives as settings: chat 1 muted, chat 2 back to mentions.
    store.dispatch(settingsChanged({ ...DEFAULT_SETTINGS, preferences: { ...DEFAULT_SETTINGS.preferences, chat_modes: { 1: 'none', 2: 'mentions' } } }));
    expect(selectTotalUnread(store.getState())).toBe(4);
    expect(store.getState().chats.entities[2]).toMatchObject({ muted: false, notify_mode: 'mentions' });
  });

  it('marks read optimistically and tells main', async () => {
    const { bridge, store } = setup();
    bridge.handle('chats.markRead', () => null);
    store.dispatch(chatsReceived([chat({ id: 1, unread_count: 2, last_seq: 5, read_seq: 3 })]));
    await store.dispatch(markChatRead({ chatId: 1, seq: 5 }));
    expect(bridge.callsOf('chats.markRead')).toEqual([{ chatId: 1, seq: 5 }]);
    expect(store.getState().chats.entities[1]).toMatchObject({ unread_count: 0, read_seq: 5 });
  });

  it("sets a chat's notification mode at once, and rolls it back when main refuses it", async () => {
    const { bridge, store } = setup();
    bridge.handle('chats.setNotifyMode', () => null);
    store.dispatch(chatsReceived([chat({ id: 1 })]));
    await store.dispatch(setNotifyMode({ chatId: 1, mode: 'none', previous: 'all' }));
    expect(bridge.callsOf('chats.setNotifyMode')).toEqual([{ chatId: 1, mode: 'none' }]);
    expect(store.getState().chats.entities[1]).toMatchObject({ muted: true, notify_mode: 'none' });
    bridge.fail('chats.setNotifyMode', 'offline', 'Notification settings are saved on the server; try again when online.');
    await store.dispatch(setNotifyMode({ chatId: 1, mode: 'mentions', previous: 'none' }));
    expect(store.getState().chats.entities[1]).toMatchObject({ muted: true, notify_mode: 'none' });
  });

  it('adds a created chat and finds the one-to-one chat with a contact', async () => {
    const { bridge, store } = setup();
    bridge.handle('chats.create', ({ member_ids }) => ({ id: 9, title: null, member_ids: [1, ...member_ids] }));
    await store.dispatch(createChat({ memberIds: [2] }));
    expect(bridge.callsOf('chats.create')).toEqual([{ member_ids: [2], title: undefined }]);
    expect(selectDirectChatWith(store.getState(), 2, 1)?.id).toBe(9);
    expect(selectDirectChatWith(store.getState(), 3, 1)).toBeNull();
    // A group down to two members is still a group, never reused as the one-to-one chat.
    store.dispatch(chatsReceived([chat({ id: 9, member_ids: [1, 2], is_group: true })]));
    expect(selectDirectChatWith(store.getState(), 2, 1)).toBeNull();
  });

  it('names untitled chats after the other members', () => {
    const names = (id: number) => ({ 2: 'Grace Hopper', 3: 'Alan Turing' })[id] ?? `User ${id}`;
    expect(chatTitle({ title: null, member_ids: [1, 2] }, names, 1)).toBe('Grace Hopper');
    expect(chatTitle({ title: null, member_ids: [1, 2, 3] }, names, 1)).toBe('Grace Hopper, Alan Turing');
    expect(chatTitle({ title: 'Team', member_ids: [1, 2, 3] }, names, 1)).toBe('Team');
  });
});
