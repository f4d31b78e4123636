/**
 * The bridge's names as plain data, apart from the request schemas in bridge.ts, so
 * the preload (which only forwards names) does not bundle the validator library.
 * bridge.ts checks at compile time that these lists and its types agree exactly.
 */
export const BRIDGE_CALL_NAMES = [
  'app.snapshot',
  'session.register',
  'session.login',
  'session.logout',
  'connection.retryNow',
  'chats.create',
  'chats.markRead',
  'chats.setMuted',
  'chats.setNotifyMode',
  'chats.rename',
  'chats.addMember',
  'chats.removeMember',
  'chats.leave',
  'chats.setFocused',
  'messages.list',
  'messages.send',
  'messages.retry',
  'messages.edit',
  'messages.delete',
  'messages.react',
  'messages.setTyping',
  'search.messages',
  'users.search',
  'users.setStarred',
  'connections.request',
  'connections.accept',
  'connections.decline',
  'connections.remove',
  'blocks.list',
  'blocks.block',
  'blocks.unblock',
  'feed.list',
  'feed.post',
  'feed.comments',
  'feed.comment',
  'feed.react',
  'notifications.markAllRead',
  'settings.update',
  'preferences.update',
  'upload.file',
  'upload.cancel',
  'shell.openExternal',
  'upload.link',
  'socket.send',
  'socket.subscribe',
] as const;
export type BridgeCallName = (typeof BRIDGE_CALL_NAMES)[number];

export const BRIDGE_EVENT_NAMES = [
  'connection.changed',
  'session.changed',
  'chats.upserted',
  'messages.upserted',
  'typing.changed',
  'contacts.changed',
  'requests.changed',
  'posts.upserted',
  'comments.upserted',
  'notifications.upserted',
  'settings.changed',
  'navigate',
  'upload.progress',
  'attachments.named',
  'socket.frame',
] as const;
export type BridgeEventName = (typeof BRIDGE_EVENT_NAMES)[number];

export const IPC_CALL_PREFIX = 'parley:';
export const IPC_EVENT_PREFIX = 'parley:event.';
