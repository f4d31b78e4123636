/**
 * Who is typing in the open chat, fed by the seed hook's `onTyping` callback. A flag
 * whose "stopped" never comes (the peer lost their connection) expires on its own.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { TYPING_EXPIRY_MS } from '../typing/typingExpiry.js';

export function useTypingPeople() {
  const [userIds, setUserIds] = useState<number[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const onTyping = useCallback((userId: number, isTyping: boolean) => {
    const previous = timers.current.get(userId);
    if (previous) clearTimeout(previous);
    timers.current.delete(userId);
    if (isTyping) {
      timers.current.set(
        userId,
        setTimeout(() => {
          timers.current.delete(userId);
          setUserIds((ids) => ids.filter((id) => id !== userId));
        }, TYPING_EXPIRY_MS),
      );
    }
    setUserIds((ids) => {
      const without = ids.filter((id) => id !== userId);
      return isTyping ? [...without, userId] : without;
    });
  }, []);

  useEffect(() => {
    const map = timers.current;
    return () => {
      for (const timer of map.values()) clearTimeout(timer);
      map.clear();
    };
  }, []);

  return { typingUserIds: userIds, onTyping };
}

/** "Ada is typing…", "Ada and Grace are typing…", "3 people are typing…". */
export function typingSentence(names: string[]): string {
  const first = (name: string) => name.split(' ')[0] ?? name;
  if (names.length === 0) return '';
  if (names.length === 1) return `${first(names[0] ?? '')} is typing…`;
  if (names.length === 2) return `${first(names[0] ?? '')} and ${first(names[1] ?? '')} are typing…`;
  return `${names.length} people are typing…`;
}
