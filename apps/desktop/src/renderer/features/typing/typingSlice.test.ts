import { afterEach, describe, expect, it, vi } from 'vitest';
import { messagesReceived, typingChanged } from '../../app/events.js';
import { makeStore } from '../../app/store.js';
import { message } from '../../test/builders.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { scheduleTypingExpiry, TYPING_EXPIRY_MS } from './typingExpiry.js';
import { selectChatsWithTyping, selectTypingUserIds } from './typingSlice.js';

afterEach(() => vi.useRealTimers());

describe('typingSlice', () => {
  it('tracks who types where and clears them when their message lands', () => {
    const store = makeStore(createFakeBridge());
    store.dispatch(typingChanged({ chatId: 5, userId: 2, isTyping: true }));
    store.dispatch(typingChanged({ chatId: 5, userId: 3, isTyping: true }));
    expect(selectTypingUserIds(store.getState(), 5)).toEqual([2, 3]);
    expect(selectChatsWithTyping(store.getState()).has(5)).toBe(true);
    store.dispatch(messagesReceived([message({ chat_id: 5, seq: 1, sender_id: 2 })]));
    expect(selectTypingUserIds(store.getState(), 5)).toEqual([3]);
    store.dispatch(typingChanged({ chatId: 5, userId: 3, isTyping: false }));
    expect(selectChatsWithTyping(store.getState()).size).toBe(0);
  });

  it('expires a typing flag whose "stopped" never comes, and a refresh postpones it', () => {
    vi.useFakeTimers();
    const dispatched: unknown[] = [];
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    scheduleTypingExpiry(timers, { chatId: 5, userId: 2, isTyping: true }, (a) => dispatched.push(a));
    vi.advanceTimersByTime(TYPING_EXPIRY_MS - 100);
    scheduleTypingExpiry(timers, { chatId: 5, userId: 2, isTyping: true }, (a) => dispatched.push(a));
    vi.advanceTimersByTime(TYPING_EXPIRY_MS - 100);
    expect(dispatched).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(dispatched).toEqual([typingChanged({ chatId: 5, userId: 2, isTyping: false })]);
    expect(timers.size).toBe(0);
  });
});
