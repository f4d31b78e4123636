// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewMessageFrame, ServerFrame } from '@parley/protocol';
import { connectionChanged } from '../app/events.js';
import { message } from '../test/builders.js';
import { createFakeBridge } from '../test/fakeBridge.js';
import { renderWithStore } from '../test/renderWithStore.js';
import { useWebSocket } from './useWebSocket.js';
import { useWebSocketChat, useWebSocketConnections, useWebSocketFeed, useWebSocketOnline } from './useWebSocketHooks.js';

afterEach(cleanup);

function Probe<T>({ use, onValue }: { use: () => T; onValue: (value: T) => void }) {
  onValue(use());
  return null;
}

const frame = (f: ServerFrame) => f;

describe('useWebSocket', () => {
  it('subscribes to its channel, routes its frames and errors, and ignores other channels', () => {
    const bridge = createFakeBridge();
    bridge.handle('socket.subscribe', () => null);
    const onMessage = vi.fn();
    const onError = vi.fn();
    renderWithStore(<Probe use={() => useWebSocket('feed', onMessage, onError)} onValue={() => undefined} />, { bridge });
    expect(bridge.callsOf('socket.subscribe')).toEqual([{ channel: 'feed' }]);
    const post = frame({ type: 'new_post', post: { id: 1, userId: 2, content: 'hi', timestamp: 't' } });
    act(() => {
      bridge.emit('socket.frame', { channel: 'feed', frame: post });
      bridge.emit('socket.frame', { channel: 'online', frame: { type: 'user_offline', user_id: 2 } });
      bridge.emit('socket.frame', { channel: 'feed', frame: { type: 'error', code: 'invalid', message: 'bad' } });
    });
    expect(onMessage.mock.calls).toEqual([[post]]);
    expect(onError).toHaveBeenCalledWith({ type: 'error', code: 'invalid', message: 'bad' });
  });

  it('reports isConnected from main’s connection and calls onOpen/onClose on transitions', () => {
    const bridge = createFakeBridge();
    bridge.handle('socket.subscribe', () => null);
    const onOpen = vi.fn();
    const onClose = vi.fn();
    const values: boolean[] = [];
    const { store } = renderWithStore(
      <Probe use={() => useWebSocket('online', () => undefined, undefined, onOpen, onClose)} onValue={(v) => values.push(v.isConnected)} />,
      { bridge },
    );
    act(() => void store.dispatch(connectionChanged({ state: 'online' })));
    act(() => void store.dispatch(connectionChanged({ state: 'reconnecting', attempt: 1, nextRetryAt: 0 })));
    expect(values.at(0)).toBe(false);
    expect(values.at(-1)).toBe(false);
    expect(values).toContain(true);
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('send is socket.send on the hook’s channel', async () => {
    const bridge = createFakeBridge();
    bridge.handle('socket.subscribe', () => null);
    bridge.handle('socket.send', () => null);
    let send: ((m: Record<string, unknown>) => Promise<boolean>) | undefined;
    renderWithStore(<Probe use={() => useWebSocket('notifications', () => undefined)} onValue={(v) => (send = v.send)} />, { bridge });
    await expect(send?.({ type: 'ping' })).resolves.toBe(true);
    expect(bridge.callsOf('socket.send')).toEqual([{ channel: 'notifications', frame: { type: 'ping' } }]);
  });

  it('unsubscribes its listener on unmount', () => {
    const bridge = createFakeBridge();
    bridge.handle('socket.subscribe', () => null);
    const { unmount } = renderWithStore(<Probe use={() => useWebSocket('feed', () => undefined)} onValue={() => undefined} />, { bridge });
    expect(bridge.listenerCount('socket.frame')).toBe(1);
    unmount();
    expect(bridge.listenerCount('socket.frame')).toBe(0);
  });
});

describe('feature hooks', () => {
  it('useWebSocketChat: messages and typing of its chat only (also from messages/*); sends via the outbox', async () => {
    const bridge = createFakeBridge();
    bridge.handle('socket.subscribe', () => null);
    bridge.handle('messages.send', ({ chatId, content }) => message({ chat_id: chatId, seq: null, client_id: 'k', content }));
    bridge.handle('messages.setTyping', () => null);
    const onMessage = vi.fn();
    const onTyping = vi.fn();
    let api: ReturnType<typeof useWebSocketChat> | undefined;
    renderWithStore(<Probe use={() => useWebSocketChat(5, onMessage, onTyping)} onValue={(v) => (api = v)} />, { bridge });
    expect(bridge.callsOf('socket.subscribe')).toEqual([{ channel: 'messages/5' }]);
    const m: NewMessageFrame = { type: 'new_message', message_id: 1, chat_id: 5, seq: 1, sender_id: 2, actor_id: 2, content: 'x', attachment: null, reply_to_seq: null, timestamp: 't' };
    act(() => {
      bridge.emit('socket.frame', { channel: 'messages/5', frame: m });
      bridge.emit('socket.frame', { channel: 'messages/*', frame: { type: 'typing', chat_id: 5, user_id: 2, is_typing: true } });
      bridge.emit('socket.frame', { channel: 'messages/6', frame: { ...m, chat_id: 6 } });
    });
    expect(onMessage.mock.calls).toEqual([[m]]);
    expect(onTyping.mock.calls).toEqual([[2, true]]);
    await expect(api?.sendMessage('hello')).resolves.toMatchObject({ key: 'ck', content: 'hello' });
    await api?.setTyping(true);
    expect(bridge.callsOf('messages.send')).toEqual([{ chatId: 5, content: 'hello', attachment: null, replyToSeq: null }]);
    expect(bridge.callsOf('messages.setTyping')).toEqual([{ chatId: 5, isTyping: true }]);
  });

  it('useWebSocketFeed and useWebSocketOnline call the seed callbacks', () => {
    const bridge = createFakeBridge();
    bridge.handle('socket.subscribe', () => null);
    const onPost = vi.fn();
    const onComment = vi.fn();
    const onOnline = vi.fn();
    const onOffline = vi.fn();
    renderWithStore(
      <>
        <Probe use={() => useWebSocketFeed(onPost, onComment)} onValue={() => undefined} />
        <Probe use={() => useWebSocketOnline(onOnline, onOffline)} onValue={() => undefined} />
      </>,
      { bridge },
    );
    const comment = { id: 3, postId: 1, userId: 2, content: 'c', timestamp: 't' };
    act(() => {
      bridge.emit('socket.frame', { channel: 'feed', frame: { type: 'new_comment', comment } });
      bridge.emit('socket.frame', { channel: 'online', frame: { type: 'online_users', users: [{ user_id: 4, full_name: 'D' }] } });
      bridge.emit('socket.frame', { channel: 'online', frame: { type: 'user_offline', user_id: 4 } });
    });
    expect(onComment).toHaveBeenCalledWith(comment);
    expect(onPost).not.toHaveBeenCalled();
    expect(onOnline).toHaveBeenCalledWith(4, 'D');
    expect(onOffline).toHaveBeenCalledWith(4);
  });

  it('useWebSocketConnections reports requests, acceptances and endings', () => {
    const bridge = createFakeBridge();
    bridge.handle('socket.subscribe', () => null);
    const onRequest = vi.fn();
    const onAccepted = vi.fn();
    const onRemoved = vi.fn();
    renderWithStore(<Probe use={() => useWebSocketConnections(onRequest, onAccepted, onRemoved)} onValue={() => undefined} />, { bridge });
    act(() => {
      bridge.emit('socket.frame', { channel: 'connections', frame: { type: 'connection_accepted', request_id: 1, user_id: 2, user_name: 'B' } });
      bridge.emit('socket.frame', { channel: 'connections', frame: { type: 'connection_removed', request_id: 1, user_id: 2, reason: 'removed' } });
    });
    expect(onRequest).not.toHaveBeenCalled();
    expect(onAccepted).toHaveBeenCalledWith(2, 'B');
    expect(onRemoved).toHaveBeenCalledWith(2, 'removed');
  });
});
