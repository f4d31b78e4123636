import { describe, expect, it } from 'vitest';
import { messagesReceived } from '../../app/events.js';
import { makeStore } from '../../app/store.js';
import { message } from '../../test/builders.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { loadMessages, makeSelectChatMessages, PAGE_SIZE, retryMessage, sendAccepted } from './messagesSlice.js';

function setup() {
  const bridge = createFakeBridge();
  const store = makeStore(bridge);
  const select = makeSelectChatMessages();
  const keys = (chatId: number) => select(store.getState(), chatId).map((m) => m.key);
  return { bridge, store, select, keys };
}

describe('messagesSlice', () => {
  it('shows each chat in seq order whatever order messages arrive in, outbox last', () => {
    const { store, keys } = setup();
    store.dispatch(
      messagesReceived([
        message({ chat_id: 5, seq: 3 }),
        message({ chat_id: 5, seq: null, client_id: 'a', sender_id: 1 }),
        message({ chat_id: 5, seq: 1 }),
        message({ chat_id: 6, seq: 1 }),
        message({ chat_id: 5, seq: 2 }),
      ]),
    );
    expect(keys(5)).toEqual(['m5001', 'm5002', 'm5003', 'ca']);
    expect(keys(6)).toEqual(['m6001']);
  });

  it('replaces the outbox entry when its stored copy arrives, so the message shows once', () => {
    const { store, keys } = setup();
    store.dispatch(sendAccepted(message({ chat_id: 5, seq: null, client_id: 'x1', sender_id: 1 })));
    expect(keys(5)).toEqual(['cx1']);
    store.dispatch(messagesReceived([message({ chat_id: 5, seq: 7, client_id: 'x1', sender_id: 1 })]));
    expect(keys(5)).toEqual(['m5007']);
    expect(store.getState().messages.entities.m5007?.state).toBe('sent');
  });

  it('ignores a late outbox update for a message that is already stored', () => {
    const { store, keys } = setup();
    store.dispatch(messagesReceived([message({ chat_id: 5, seq: 7, client_id: 'x1', sender_id: 1 })]));
    store.dispatch(sendAccepted(message({ chat_id: 5, seq: null, client_id: 'x1', sender_id: 1 })));
    expect(keys(5)).toEqual(['m5007']);
  });

  it('does not double a message delivered twice (replay after reconnect)', () => {
    const { store, keys } = setup();
    const m = message({ chat_id: 5, seq: 1 });
    store.dispatch(messagesReceived([m]));
    store.dispatch(messagesReceived([m, message({ chat_id: 5, seq: 2 })]));
    expect(keys(5)).toEqual(['m5001', 'm5002']);
  });

  it('memoizes per chat: unrelated chats do not produce a new array', () => {
    const { store, select } = setup();
    store.dispatch(messagesReceived([message({ chat_id: 5, seq: 1 })]));
    const before = select(store.getState(), 5);
    expect(select(store.getState(), 5)).toBe(before);
  });

  it('loads a page through messages.list and knows when older history is left', async () => {
    const { bridge, store, keys } = setup();
    bridge.handle('messages.list', ({ beforeSeq }) => {
      const end = beforeSeq ?? PAGE_SIZE + 11;
      const start = Math.max(1, end - PAGE_SIZE);
      return Array.from({ length: end - start }, (_, i) => message({ chat_id: 5, seq: start + i }));
    });
    await store.dispatch(loadMessages({ chatId: 5 }));
    expect(bridge.callsOf('messages.list')).toEqual([{ chatId: 5, limit: PAGE_SIZE }]);
    expect(store.getState().messages.history[5]).toEqual({ loaded: true, loading: false, hasOlder: true });
    await store.dispatch(loadMessages({ chatId: 5, beforeSeq: 11 }));
    expect(store.getState().messages.history[5]?.hasOlder).toBe(false);
    expect(keys(5)).toHaveLength(PAGE_SIZE + 10);
    expect(keys(5)[0]).toBe('m5001');
  });

  it('retry marks a failed message pending and takes main’s answer', async () => {
    const { bridge, store } = setup();
    store.dispatch(messagesReceived([message({ chat_id: 5, seq: null, client_id: 'f', sender_id: 1, state: 'failed', error: 'rate_limited' })]));
    let seenDuringCall: string | undefined;
    bridge.handle('messages.retry', () => {
      seenDuringCall = store.getState().messages.entities.cf?.state;
      return message({ chat_id: 5, seq: 9, client_id: 'f', sender_id: 1 });
    });
    await store.dispatch(retryMessage('f'));
    expect(seenDuringCall).toBe('pending');
    expect(bridge.callsOf('messages.retry')).toEqual([{ clientId: 'f' }]);
    expect(Object.keys(store.getState().messages.entities)).toEqual(['m5009']);
  });
});
