/**
 * The one place where pushed bridge events enter Redux. Each event becomes one event
 * action; slices decide what they keep. `socket.frame` is not stored: raw frames are for
 * the seed hooks (hooks/), and their data reaches the store as the typed events below.
 */
import type { BridgeEventName, BridgeEvents } from '../../common/bridge.js';
import type { RendererBridge } from '../bridge/rendererBridge.js';
import { scheduleTypingExpiry } from '../features/typing/typingExpiry.js';
import {
  attachmentsNamed,
  chatsReceived,
  commentsReceived,
  connectionChanged,
  contactsReceived,
  messagesReceived,
  navigationRequested,
  notificationsReceived,
  postsReceived,
  requestsReceived,
  sessionChanged,
  sessionEnded,
  settingsChanged,
  typingChanged,
} from './events.js';
import { loadSnapshot } from './boot.js';
import type { AppDispatch } from './store.js';

// `upload.progress` goes to the composer that started the upload (useFileUpload), not the store.
type Routes = { [E in Exclude<BridgeEventName, 'socket.frame' | 'upload.progress'>]: (payload: BridgeEvents[E]) => void };

/** Subscribes to every event; returns a function that detaches them all. */
export function attachBridgeEvents(bridge: RendererBridge, dispatch: AppDispatch): () => void {
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const routes: Routes = {
    'connection.changed': (state) => dispatch(connectionChanged(state)),
    'session.changed': (session) => {
      dispatch(sessionChanged(session));
      // A new account means new chats, people and settings: repaint from main's cache.
      void dispatch(loadSnapshot());
    },
    'session.ended': (ended) => dispatch(sessionEnded(ended)),
    'chats.upserted': (chats) => dispatch(chatsReceived(chats)),
    'messages.upserted': (messages) => dispatch(messagesReceived(messages)),
    'typing.changed': (typing) => {
      dispatch(typingChanged(typing));
      scheduleTypingExpiry(typingTimers, typing, dispatch);
    },
    'contacts.changed': (contacts) => dispatch(contactsReceived(contacts)),
    'requests.changed': (requests) => dispatch(requestsReceived(requests)),
    'posts.upserted': (posts) => dispatch(postsReceived(posts)),
    'comments.upserted': (comments) => dispatch(commentsReceived(comments)),
    'notifications.upserted': (notifications) => dispatch(notificationsReceived(notifications)),
    'settings.changed': (settings) => dispatch(settingsChanged(settings)),
    navigate: (target) => dispatch(navigationRequested(target)),
    'attachments.named': (names) => dispatch(attachmentsNamed(names)),
  };
  const detach = (Object.keys(routes) as (keyof Routes)[]).map((name) =>
    bridge.on(name, routes[name] as (payload: unknown) => void),
  );
  // After the web host's socket comes back, events may have been missed: reload.
  detach.push(bridge.onReopen(() => void dispatch(loadSnapshot())));
  return () => {
    for (const off of detach) off();
    for (const timer of typingTimers.values()) clearTimeout(timer);
    typingTimers.clear();
  };
}
