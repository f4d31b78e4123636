import { describe, expect, it } from 'vitest';
import { connectionChanged } from '../../app/events.js';
import { makeStore } from '../../app/store.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { retryNow, secondsUntilRetry, selectConnection, selectIsOnline } from './connectionStatusSlice.js';

describe('connectionStatusSlice', () => {
  it('follows connection.changed', () => {
    const store = makeStore(createFakeBridge());
    expect(selectIsOnline(store.getState())).toBe(false);
    store.dispatch(connectionChanged({ state: 'online' }));
    expect(selectIsOnline(store.getState())).toBe(true);
    store.dispatch(connectionChanged({ state: 'reconnecting', attempt: 2, nextRetryAt: 5000 }));
    expect(selectConnection(store.getState())).toEqual({ state: 'reconnecting', attempt: 2, nextRetryAt: 5000 });
  });

  it('counts down whole seconds and never below zero', () => {
    const reconnecting = { state: 'reconnecting', attempt: 3, nextRetryAt: 10_000 } as const;
    expect(secondsUntilRetry(reconnecting, 6_000)).toBe(4);
    expect(secondsUntilRetry(reconnecting, 6_001)).toBe(4);
    expect(secondsUntilRetry(reconnecting, 9_500)).toBe(1);
    expect(secondsUntilRetry(reconnecting, 12_000)).toBe(0);
    expect(secondsUntilRetry({ state: 'online' }, 0)).toBeNull();
  });

  it('Retry asks main to try at once', async () => {
    const bridge = createFakeBridge();
    bridge.handle('connection.retryNow', () => null);
    const store = makeStore(bridge);
    await store.dispatch(retryNow());
    expect(bridge.callsOf('connection.retryNow')).toHaveLength(1);
  });
});
