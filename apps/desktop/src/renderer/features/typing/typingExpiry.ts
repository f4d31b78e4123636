import { typingChanged } from '../../app/events.js';

/**
 * A "typing" flag whose "stopped" frame never arrives (the peer's app crashed, their
 * network dropped) would stick forever; it expires after this long without a refresh.
 * Peers resend `is_typing: true` while they keep typing, so 6 s is several refreshes.
 */
export const TYPING_EXPIRY_MS = 6000;

export function scheduleTypingExpiry(
  timers: Map<string, ReturnType<typeof setTimeout>>,
  typing: { chatId: number; userId: number; isTyping: boolean },
  dispatch: (action: ReturnType<typeof typingChanged>) => unknown,
): void {
  const key = `${typing.chatId}:${typing.userId}`;
  const previous = timers.get(key);
  if (previous) clearTimeout(previous);
  timers.delete(key);
  if (!typing.isTyping) return;
  timers.set(
    key,
    setTimeout(() => {
      timers.delete(key);
      dispatch(typingChanged({ chatId: typing.chatId, userId: typing.userId, isTyping: false }));
    }, TYPING_EXPIRY_MS),
  );
}
