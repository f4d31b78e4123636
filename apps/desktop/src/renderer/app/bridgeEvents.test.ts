import { describe, expect, it } from 'vitest';
import { chat, contact, message, post } from '../test/builders.js';
import { createFakeBridge, DEFAULT_SETTINGS, snapshot } from '../test/fakeBridge.js';
import { attachBridgeEvents } from './bridgeEvents.js';
import { makeStore } from './store.js';
import type { UnknownAction } from '@reduxjs/toolkit';

function setup() {
  const bridge = createFakeBridge();
  const store = makeStore(bridge);
  const seen: string[] = [];
  const dispatch = ((action: UnknownAction) => {
    if (typeof action === 'object') seen.push(action.type);
    return store.dispatch(action);
  }) as typeof store.dispatch;
  const detach = attachBridgeEvents(bridge, dispatch);
  return { bridge, store, seen, detach };
}

describe('attachBridgeEvents', () => {
  it('turns each pushed event into one event action', () => {
    const { bridge, seen } = setup();
    bridge.emit('connection.changed', { state: 'online' });
    bridge.emit('chats.upserted', [chat({ id: 1 })]);
    bridge.emit('messages.upserted', [message({ chat_id: 1, seq: 1 })]);
    bridge.emit('typing.changed', { chatId: 1, userId: 2, isTyping: false });
    bridge.emit('contacts.changed', [contact({ id: 2 })]);
    bridge.emit('requests.changed', []);
    bridge.emit('posts.upserted', [post({ id: 1 })]);
    bridge.emit('comments.upserted', []);
    bridge.emit('notifications.upserted', []);
    bridge.emit('settings.changed', DEFAULT_SETTINGS);
    bridge.emit('navigate', { kind: 'chat', chatId: 1 });
    expect(seen).toEqual([
      'connection/changed',
      'chats/received',
      'messages/received',
      'typing/changed',
      'contacts/received',
      'requests/received',
      'posts/received',
      'comments/received',
      'notifications/received',
      'settings/changed',
      'navigation/requested',
    ]);
  });

  it('fills the slices that own each kind of data', () => {
    const { bridge, store } = setup();
    bridge.emit('contacts.changed', [contact({ id: 2, full_name: 'Grace Hopper', online: true })]);
    bridge.emit('messages.upserted', [message({ chat_id: 1, seq: 1 })]);
    bridge.emit('navigate', { kind: 'post', postId: 7 });
    const state = store.getState();
    expect(state.connections.contacts.ids).toEqual([2]);
    expect(state.presence.onlineIds).toEqual([2]);
    expect(state.users.entities[2]?.full_name).toBe('Grace Hopper');
    expect(state.messages.ids).toEqual(['m1001']);
    expect(state.navigation).toMatchObject({ view: 'feed', focusedPostId: 7 });
  });

  it('reloads the snapshot when the session changes and when the carrier comes back', async () => {
    const { bridge, store } = setup();
    bridge.handle('app.snapshot', () => snapshot({ chats: [chat({ id: 3 })] }));
    bridge.emit('session.changed', snapshot().session);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().chats.ids).toEqual([3]);
    bridge.reopen();
    await new Promise((r) => setTimeout(r, 0));
    expect(bridge.callsOf('app.snapshot')).toHaveLength(2);
  });

  it('signing out clears per-account state', () => {
    const { bridge, store } = setup();
    bridge.emit('chats.upserted', [chat({ id: 1 })]);
    bridge.emit('session.changed', null);
    expect(store.getState().chats.ids).toEqual([]);
  });

  it('detaches every listener', () => {
    const { bridge, detach } = setup();
    expect(bridge.listenerCount('messages.upserted')).toBe(1);
    detach();
    expect(bridge.listenerCount('messages.upserted')).toBe(0);
    expect(bridge.listenerCount('navigate')).toBe(0);
  });
});
