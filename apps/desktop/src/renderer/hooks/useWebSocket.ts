/**
 * The seed's base hook, `useWebSocket(channel, onMessage, onError, onOpen, onClose)`, with
 * its signature, over the bridge: sockets live in main (SPEC §4), so "connected" means
 * main's connection is up, frames arrive as `socket.frame` events, and `send` is the
 * `socket.send` call. Callbacks may change every render; the latest ones are used.
 * Reconnection (backoff, resume, heartbeat) is main's job; cleanup on unmount is here.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { ErrorFrame, ServerFrame } from '@parley/protocol';
import { useAppSelector } from '../app/hooks.js';
import { useBridge } from '../bridge/BridgeProvider.js';
import { selectIsOnline } from '../features/connectionStatus/connectionStatusSlice.js';

export type FrameHandler = (message: ServerFrame) => void;

/** Whether a frame delivered on `frameChannel` belongs to the hook's `channel`. */
export function frameMatches(channel: string, frameChannel: string, frame: ServerFrame): boolean {
  if (frameChannel === channel) return true;
  // Main may subscribe to every chat at once (`messages/*`); chat frames name their chat.
  const chat = /^messages\/(\d+)$/.exec(channel);
  if (chat && frameChannel === 'messages/*' && 'chat_id' in frame) return frame.chat_id === Number(chat[1]);
  return false;
}

export function useWebSocket(
  channel: string,
  onMessage: FrameHandler,
  onError?: (error: ErrorFrame | Error) => void,
  onOpen?: () => void,
  onClose?: () => void,
): { send: (message: Record<string, unknown>) => Promise<boolean>; isConnected: boolean } {
  const bridge = useBridge();
  const isConnected = useAppSelector(selectIsOnline);
  const handlers = useRef({ onMessage, onError, onOpen, onClose });
  handlers.current = { onMessage, onError, onOpen, onClose };

  useEffect(() => {
    let active = true;
    const off = bridge.on('socket.frame', ({ channel: frameChannel, frame }) => {
      if (!frameMatches(channel, frameChannel, frame)) return;
      if (frame.type === 'error') handlers.current.onError?.(frame);
      else if (frame.type !== 'pong' && frame.type !== 'subscribed' && frame.type !== 'unsubscribed') handlers.current.onMessage(frame);
    });
    void bridge.call('socket.subscribe', { channel }).then((result) => {
      if (active && !result.ok) handlers.current.onError?.(new Error(result.error.message));
    });
    return () => {
      active = false;
      off();
    };
  }, [bridge, channel]);

  // onOpen/onClose follow main's connection: open when it comes up, close when it drops.
  const wasConnected = useRef(false);
  useEffect(() => {
    if (isConnected && !wasConnected.current) handlers.current.onOpen?.();
    if (!isConnected && wasConnected.current) handlers.current.onClose?.();
    wasConnected.current = isConnected;
  }, [isConnected]);

  const send = useCallback(
    async (message: Record<string, unknown>) => {
      const result = await bridge.call('socket.send', { channel, frame: message });
      if (!result.ok) handlers.current.onError?.(new Error(result.error.message));
      return result.ok;
    },
    [bridge, channel],
  );

  return { send, isConnected };
}
