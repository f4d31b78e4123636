/** The signed-in window: rail, connection banner, the current screen, toasts. */
import { useEffect } from 'react';
import { ChatsScreen } from '../features/chats/ChatsScreen.js';
import { ConnectionBanner } from '../features/connectionStatus/ConnectionBanner.js';
import { PeopleScreen } from '../features/connections/PeopleScreen.js';
import { FeedScreen } from '../features/feed/FeedScreen.js';
import { NavRail } from '../features/navigation/NavRail.js';
import { selectView, viewSelected, VIEWS } from '../features/navigation/navigationSlice.js';
import { NotificationsScreen } from '../features/notifications/NotificationsScreen.js';
import { SettingsScreen } from '../features/settings/SettingsScreen.js';
import { LiveAlerts } from '../features/toasts/LiveAlerts.js';
import { Toasts } from '../features/toasts/Toasts.js';
import { useAppDispatch, useAppSelector } from './hooks.js';

const SCREENS = {
  chats: ChatsScreen,
  people: PeopleScreen,
  feed: FeedScreen,
  notifications: NotificationsScreen,
  settings: SettingsScreen,
} as const;

export function Shell() {
  const view = useAppSelector(selectView);
  const dispatch = useAppDispatch();

  // Alt+1…5 jumps between screens from anywhere, as in Slack.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = VIEWS[Number(event.key) - 1];
      if (target) {
        event.preventDefault();
        dispatch(viewSelected(target));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);

  const Screen = SCREENS[view];
  return (
    <div className="shell">
      <NavRail />
      <div className="shell-main">
        <ConnectionBanner />
        <main className="screen" id="main" aria-label={view[0]?.toUpperCase() + view.slice(1)}>
          <Screen />
        </main>
      </div>
      <LiveAlerts />
      <Toasts />
    </div>
  );
}
