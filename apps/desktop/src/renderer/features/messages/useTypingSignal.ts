/**
 * The seed's "Don't spam messages" advice: not one typing frame per keystroke. The first
 * keystroke sends `typing: true`; the indicator is refreshed at most every few seconds
 * while typing continues (receivers expire a silent flag); 1 s after the last keystroke
 * (the seed's debounce) `typing: false` goes out. Sending or leaving the chat stops it.
 */
import { useCallback, useEffect, useRef } from 'react';

export const TYPING_IDLE_MS = 1000;
export const TYPING_REFRESH_MS = 3000;

export function useTypingSignal(setTyping: (isTyping: boolean) => unknown) {
  const state = useRef<{ since: number | null; idle: ReturnType<typeof setTimeout> | null }>({ since: null, idle: null });
  const send = useRef(setTyping);
  send.current = setTyping;

  const stop = useCallback(() => {
    const s = state.current;
    if (s.idle) clearTimeout(s.idle);
    s.idle = null;
    if (s.since !== null) {
      s.since = null;
      void send.current(false);
    }
  }, []);

  const keystroke = useCallback(() => {
    const s = state.current;
    const now = Date.now();
    if (s.since === null || now - s.since >= TYPING_REFRESH_MS) {
      s.since = now;
      void send.current(true);
    }
    if (s.idle) clearTimeout(s.idle);
    s.idle = setTimeout(stop, TYPING_IDLE_MS);
  }, [stop]);

  useEffect(() => stop, [stop]);
  return { keystroke, stop };
}
