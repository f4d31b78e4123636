/**
 * Tells main which chat is on screen and whether the window has focus (alerts skip that
 * chat), and marks the chat read up to its newest message while the reader can see it.
 */
import { useEffect, useState } from 'react';
import type { ChatView } from '../../../common/views.js';
import { useAppDispatch } from '../../app/hooks.js';
import { useBridge } from '../../bridge/BridgeProvider.js';
import { markChatRead } from '../chats/chatsSlice.js';

function useWindowFocused(): boolean {
  const [focused, setFocused] = useState(() => document.hasFocus());
  useEffect(() => {
    const update = () => setFocused(document.hasFocus() && document.visibilityState === 'visible');
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    document.addEventListener('visibilitychange', update);
    return () => {
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
      document.removeEventListener('visibilitychange', update);
    };
  }, []);
  return focused;
}

export function useChatFocus(chat: ChatView): void {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const focused = useWindowFocused();

  useEffect(() => {
    void bridge.call('chats.setFocused', { chatId: chat.id, windowFocused: focused });
  }, [bridge, chat.id, focused]);
  useEffect(
    () => () => {
      void bridge.call('chats.setFocused', { chatId: null, windowFocused: document.hasFocus() });
    },
    [bridge],
  );

  useEffect(() => {
    if (focused && chat.last_seq > chat.read_seq) void dispatch(markChatRead({ chatId: chat.id, seq: chat.last_seq }));
  }, [dispatch, focused, chat.id, chat.last_seq, chat.read_seq]);
}
