// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionChanged } from '../../app/events.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { ConnectionBanner } from './ConnectionBanner.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ConnectionBanner', () => {
  it('is hidden while online', () => {
    const { store, container } = renderWithStore(<ConnectionBanner />);
    act(() => void store.dispatch(connectionChanged({ state: 'online' })));
    expect(container.textContent).toBe('');
  });

  it('counts down to the next attempt', () => {
    vi.useFakeTimers();
    vi.setSystemTime(100_000);
    const { store } = renderWithStore(<ConnectionBanner />);
    act(() => void store.dispatch(connectionChanged({ state: 'reconnecting', attempt: 3, nextRetryAt: 104_000 })));
    expect(screen.getByRole('status').textContent).toContain('Reconnecting… in 4 s');
    act(() => void vi.advanceTimersByTime(1000));
    expect(screen.getByRole('status').textContent).toContain('Reconnecting… in 3 s');
  });

  it('says Offline with a Retry button that calls connection.retryNow', () => {
    const bridge = createFakeBridge();
    bridge.handle('connection.retryNow', () => null);
    const { store } = renderWithStore(<ConnectionBanner />, { bridge });
    act(() => void store.dispatch(connectionChanged({ state: 'offline', nextRetryAt: Date.now() + 60_000 })));
    expect(screen.getByRole('status').textContent).toContain('Offline');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(bridge.callsOf('connection.retryNow')).toHaveLength(1);
  });
});
