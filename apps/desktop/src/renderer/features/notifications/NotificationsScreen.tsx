/** The notifications center; a click opens what it is about (chat, post, requests). */
import { navigationRequested } from '../../app/events.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { formatListTime } from '../../ui/format.js';
import { Icon, type IconName } from '../../ui/Icon.js';
import { markAllNotificationsRead, selectNotifications, selectUnreadNotificationCount } from './notificationsSlice.js';
import type { NotificationKind } from '../../../common/views.js';

const ICONS: Record<NotificationKind, IconName> = {
  connection_request: 'people',
  connection_accepted: 'check',
  comment_on_post: 'comment',
  reaction_on_post: 'star',
};

export function NotificationsScreen() {
  const dispatch = useAppDispatch();
  const notifications = useAppSelector(selectNotifications);
  const unread = useAppSelector(selectUnreadNotificationCount);
  return (
    <div className="page">
      <header className="page-header">
        <h2>Notifications</h2>
        <button type="button" className="btn btn-small" disabled={unread === 0} onClick={() => void dispatch(markAllNotificationsRead())}>
          Mark all as read
        </button>
      </header>
      <div className="feed-column">
        {notifications.length === 0 ? (
          <p className="empty-hint">You are all caught up.</p>
        ) : (
          <ul className="notification-list" data-testid="notifications">
            {notifications.map((n) => (
              <li key={n.id}>
                <button
                  type="button"
                  className={`notification${n.read ? '' : ' is-unread'}`}
                  data-testid="notification"
                  data-kind={n.kind}
                  onClick={() => dispatch(navigationRequested(n.target))}
                >
                  <span className="notification-icon">
                    <Icon name={ICONS[n.kind]} size={18} />
                  </span>
                  <span className="notification-text">
                    <strong>{n.title}</strong>
                    <span>{n.body}</span>
                  </span>
                  <time className="notification-time" dateTime={n.timestamp}>
                    {formatListTime(n.timestamp)}
                  </time>
                  {!n.read && <span className="unread-dot" aria-label="unread" />}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
