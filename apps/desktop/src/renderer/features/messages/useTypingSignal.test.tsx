// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TYPING_IDLE_MS, TYPING_REFRESH_MS, useTypingSignal } from './useTypingSignal.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useTypingSignal (the seed’s debounce)', () => {
  it('sends one "typing" for a burst of keystrokes and "stopped" 1 s after the last', () => {
    vi.useFakeTimers();
    const setTyping = vi.fn();
    const { result } = renderHook(() => useTypingSignal(setTyping));
    for (let i = 0; i < 10; i++) {
      act(() => result.current.keystroke());
      act(() => void vi.advanceTimersByTime(100));
    }
    expect(setTyping.mock.calls).toEqual([[true]]);
    act(() => void vi.advanceTimersByTime(TYPING_IDLE_MS));
    expect(setTyping.mock.calls).toEqual([[true], [false]]);
  });

  it('refreshes the flag during long typing so receivers do not expire it', () => {
    vi.useFakeTimers();
    const setTyping = vi.fn();
    const { result } = renderHook(() => useTypingSignal(setTyping));
    for (let t = 0; t <= TYPING_REFRESH_MS; t += 500) {
      act(() => result.current.keystroke());
      act(() => void vi.advanceTimersByTime(500));
    }
    expect(setTyping.mock.calls.filter(([v]) => v === true).length).toBe(2);
  });

  it('stop() (sending, leaving) says "stopped" at once, and only if typing was announced', () => {
    vi.useFakeTimers();
    const setTyping = vi.fn();
    const { result, unmount } = renderHook(() => useTypingSignal(setTyping));
    act(() => result.current.stop());
    expect(setTyping).not.toHaveBeenCalled();
    act(() => result.current.keystroke());
    unmount();
    expect(setTyping.mock.calls).toEqual([[true], [false]]);
  });
});
