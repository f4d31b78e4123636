/**
 * In-window alerts from the seed hooks: a connection request, an accepted connection, a
 * comment or reaction on my post. The data itself reaches the store through
 * bridgeEvents; these callbacks only tell the person something just happened.
 */
import { useAppDispatch } from '../../app/hooks.js';
import { useWebSocketConnections, useWebSocketNotifications } from '../../hooks/useWebSocketHooks.js';
import { toastShown } from './toastsSlice.js';

export function LiveAlerts() {
  const dispatch = useAppDispatch();
  useWebSocketConnections(
    (request) => dispatch(toastShown(`${request.from_user_name} wants to connect`, { kind: 'requests' })),
    (_userId, userName) => dispatch(toastShown(`You are now connected with ${userName}`, { kind: 'people' })),
  );
  useWebSocketNotifications((notification) => {
    if (notification.type === 'comment_on_post') {
      dispatch(toastShown(`${notification.user_name} commented on your post`, { kind: 'post', postId: notification.post_id }));
    } else if (notification.type === 'reaction_on_post') {
      dispatch(toastShown(`${notification.user_name} reacted ${notification.reaction} to your post`, { kind: 'post', postId: notification.post_id }));
    }
  });
  return null;
}
