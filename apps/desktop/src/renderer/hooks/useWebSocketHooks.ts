/**
 * The seed's feature hooks, each a thin layer over `useWebSocket` with the seed's
 * signature. Chat sends go through main's outbox (`messages.send`), not a raw frame, so a
 * message typed offline is kept and sent once when the connection returns.
 */
import { useCallback } from 'react';
import {
  chatChannel,
  type ConnectionEndReason,
  type ConnectionRequestFrame,
  type NewCommentFrame,
  type NewMessageFrame,
  type NewPostFrame,
  type NotificationsServerFrame,
} from '@parley/protocol';
import type { MessageView } from '../../common/views.js';
import { useBridge } from '../bridge/BridgeProvider.js';
import { invoke } from '../bridge/rendererBridge.js';
import { useWebSocket } from './useWebSocket.js';

export function useWebSocketChat(
  chatId: number,
  onMessage: (message: NewMessageFrame) => void,
  onTyping: (userId: number, isTyping: boolean) => void,
): {
  sendMessage: (content: string, attachment?: string | null, replyToSeq?: number | null, mentions?: number[]) => Promise<MessageView>;
  setTyping: (isTyping: boolean) => Promise<void>;
  isConnected: boolean;
} {
  const bridge = useBridge();
  const { isConnected } = useWebSocket(chatChannel(chatId), (frame) => {
    if (frame.type === 'new_message') onMessage(frame);
    else if (frame.type === 'typing') onTyping(frame.user_id, frame.is_typing);
  });
  const sendMessage = useCallback(
    (content: string, attachment: string | null = null, replyToSeq: number | null = null, mentions: number[] = []) =>
      invoke(bridge, 'messages.send', { chatId, content, attachment, replyToSeq, ...(mentions.length > 0 ? { mentions } : {}) }),
    [bridge, chatId],
  );
  const setTyping = useCallback(
    async (isTyping: boolean) => {
      // Typing is a hint: offline or failed, it is simply not shown, never an error.
      await bridge.call('messages.setTyping', { chatId, isTyping });
    },
    [bridge, chatId],
  );
  return { sendMessage, setTyping, isConnected };
}

/** The seed's signature, plus an optional `onRemoved` for a request or connection that ended. */
export function useWebSocketConnections(
  onRequest: (data: ConnectionRequestFrame) => void,
  onAccepted: (userId: number, userName: string) => void,
  onRemoved?: (userId: number, reason: ConnectionEndReason) => void,
): { isConnected: boolean } {
  const { isConnected } = useWebSocket('connections', (frame) => {
    if (frame.type === 'connection_request') onRequest(frame);
    else if (frame.type === 'connection_accepted') onAccepted(frame.user_id, frame.user_name);
    else if (frame.type === 'connection_removed') onRemoved?.(frame.user_id, frame.reason);
  });
  return { isConnected };
}

export function useWebSocketNotifications(onNotification: (notification: NotificationsServerFrame) => void): {
  isConnected: boolean;
} {
  const { isConnected } = useWebSocket('notifications', (frame) => {
    if (frame.type === 'connection_request' || frame.type === 'comment_on_post' || frame.type === 'reaction_on_post') {
      onNotification(frame);
    }
  });
  return { isConnected };
}

export function useWebSocketFeed(
  onPost: (post: NewPostFrame['post']) => void,
  onComment: (comment: NewCommentFrame['comment']) => void,
): { isConnected: boolean } {
  const { isConnected } = useWebSocket('feed', (frame) => {
    if (frame.type === 'new_post') onPost(frame.post);
    else if (frame.type === 'new_comment') onComment(frame.comment);
  });
  return { isConnected };
}

export function useWebSocketOnline(
  onOnline: (userId: number, fullName: string) => void,
  onOffline: (userId: number) => void,
): { isConnected: boolean } {
  const { isConnected } = useWebSocket('online', (frame) => {
    if (frame.type === 'online_users') for (const user of frame.users) onOnline(user.user_id, user.full_name);
    else if (frame.type === 'user_online') onOnline(frame.user_id, frame.full_name);
    else if (frame.type === 'user_offline') onOffline(frame.user_id);
  });
  return { isConnected };
}
