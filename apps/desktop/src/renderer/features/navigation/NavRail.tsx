/** The left rail: one button per screen with its badge, and who is signed in. */
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { Icon, type IconName } from '../../ui/Icon.js';
import { selectTotalUnread } from '../chats/chatsSlice.js';
import { selectRequests } from '../connections/connectionsSlice.js';
import { selectUnreadNotificationCount } from '../notifications/notificationsSlice.js';
import { selectSession } from '../session/sessionSlice.js';
import { selectView, viewSelected, type View } from './navigationSlice.js';

const ITEMS: { view: View; label: string; icon: IconName }[] = [
  { view: 'chats', label: 'Chats', icon: 'chat' },
  { view: 'people', label: 'People', icon: 'people' },
  { view: 'feed', label: 'Feed', icon: 'feed' },
  { view: 'notifications', label: 'Notifications', icon: 'bell' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

export function NavRail() {
  const dispatch = useAppDispatch();
  const view = useAppSelector(selectView);
  const session = useAppSelector(selectSession);
  const badges: Partial<Record<View, number>> = {
    chats: useAppSelector(selectTotalUnread),
    people: useAppSelector(selectRequests).length,
    notifications: useAppSelector(selectUnreadNotificationCount),
  };
  return (
    <nav className="nav-rail" aria-label="Main">
      <div className="nav-brand" aria-hidden="true">
        P
      </div>
      <ul className="nav-items">
        {ITEMS.map((item, index) => {
          const badge = badges[item.view] ?? 0;
          const label = badge ? `${item.label}, ${badge} new` : item.label;
          return (
            <li key={item.view}>
              <button
                type="button"
                className="nav-item"
                aria-label={label}
                aria-current={view === item.view ? 'page' : undefined}
                title={`${item.label} (Alt+${index + 1})`}
                data-testid={`nav-${item.view}`}
                onClick={() => dispatch(viewSelected(item.view))}
              >
                <Icon name={item.icon} size={22} />
                <span className="nav-label">{item.label}</span>
                {badge > 0 && (
                  <span className="badge nav-badge" aria-hidden="true">
                    {badge > 99 ? '99+' : badge}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      {session && (
        <div className="nav-me" title={`${session.user.full_name} — ${session.serverUrl}`}>
          <Avatar id={session.user.id} name={session.user.full_name} size="sm" />
        </div>
      )}
    </nav>
  );
}
