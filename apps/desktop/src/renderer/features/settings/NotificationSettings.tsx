/**
 * Settings → Notifications and the per-chat modes. The desktop switch is this device's;
 * do-not-disturb, quiet hours, privacy and chat modes are saved on the server and follow
 * me to every device (a change made elsewhere shows here live).
 */
import type { ReactNode } from 'react';
import type { NotificationMode, NotificationPrivacy, PreferencesPatch } from '@parley/protocol';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { selectChats, setNotifyMode } from '../chats/chatsSlice.js';
import { NOTIFY_MODES } from '../chats/NotifyModeMenu.js';
import { useChatNames } from '../chats/useChatNames.js';
import { errorMessage } from '../../bridge/rendererBridge.js';
import { toastShown } from '../toasts/toastsSlice.js';
import { selectSettings, updatePreferences, updateSettings } from './settingsSlice.js';

const PRIVACY: { value: NotificationPrivacy; label: string }[] = [
  { value: 'full', label: 'Sender and message' },
  { value: 'sender', label: 'Sender only' },
  { value: 'none', label: 'Nothing' },
];

/** Do-not-disturb lengths offered; null = until I turn it off. */
const DND_FOR: { value: string; label: string; ms: number | null }[] = [
  { value: 'off', label: 'Off', ms: 0 },
  { value: '1h', label: 'For 1 hour', ms: 3_600_000 },
  { value: '8h', label: 'For 8 hours', ms: 8 * 3_600_000 },
  { value: 'on', label: 'Until I turn it off', ms: null },
];

function Row({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="settings-row">
      <span className="toggle-text">
        <span>{label}</span>
        {hint && <small>{hint}</small>}
      </span>
      {children}
    </div>
  );
}

function dndSummary(enabled: boolean, until: string | null, now: number): string {
  if (!enabled) return 'Alerts are on';
  if (until === null) return 'Silenced until you turn it off';
  if (Date.parse(until) <= now) return 'Ended';
  return `Silenced until ${new Date(until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

export function NotificationSettings({ now = Date.now }: { now?: () => number }) {
  const dispatch = useAppDispatch();
  const settings = useAppSelector(selectSettings);
  const { dnd, quiet_hours: quiet, privacy } = settings.preferences;
  // Saved on the server: offline the change is undone (the slice) and said in a toast.
  const save = (patch: PreferencesPatch) =>
    void dispatch(updatePreferences(patch))
      .unwrap()
      .catch((err: unknown) => dispatch(toastShown(errorMessage(err))));
  const dndValue = settings.doNotDisturb ? (dnd.until === null ? 'on' : 'timed') : 'off';

  return (
    <>
      <label className="toggle-row">
        <span className="toggle-text">
          <span>Desktop notifications</span>
          <small>On this computer: alerts for new messages, requests, comments and reactions</small>
        </span>
        <input
          type="checkbox"
          role="switch"
          className="switch"
          checked={settings.notificationsEnabled}
          onChange={(e) => void dispatch(updateSettings({ notificationsEnabled: e.target.checked }))}
        />
      </label>
      <Row label="Do not disturb" hint={dndSummary(settings.doNotDisturb, dnd.until, now())}>
        <select
          aria-label="Do not disturb"
          value={dndValue}
          onChange={(e) => {
            const choice = DND_FOR.find((d) => d.value === e.target.value);
            if (!choice) return;
            if (choice.ms === 0) save({ dnd: { enabled: false } });
            else save({ dnd: { enabled: true, until: choice.ms === null ? null : new Date(now() + choice.ms).toISOString() } });
          }}
        >
          {dndValue === 'timed' && <option value="timed">{dndSummary(true, dnd.until, now())}</option>}
          {DND_FOR.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </Row>
      <Row label="Quiet hours" hint="Every day, in this computer's local time">
        <div className="quiet-hours-times">
          <input type="checkbox" role="switch" className="switch" aria-label="Quiet hours" checked={quiet.enabled} onChange={(e) => save({ quiet_hours: { enabled: e.target.checked } })} />
          <input type="time" aria-label="Quiet hours start" value={quiet.start} disabled={!quiet.enabled} onChange={(e) => e.target.value && save({ quiet_hours: { start: e.target.value } })} />
          <span aria-hidden="true">–</span>
          <input type="time" aria-label="Quiet hours end" value={quiet.end} disabled={!quiet.enabled} onChange={(e) => e.target.value && save({ quiet_hours: { end: e.target.value } })} />
        </div>
      </Row>
      <Row label="Show in notifications" hint="What a notification may reveal on screen">
        <div className="segmented" role="radiogroup" aria-label="Show in notifications">
          {PRIVACY.map((p) => (
            <button key={p.value} type="button" role="radio" aria-checked={privacy === p.value} onClick={() => privacy !== p.value && save({ privacy: p.value })}>
              {p.label}
            </button>
          ))}
        </div>
      </Row>
    </>
  );
}

/** One row per chat: notify me about all messages, mentions only, or none. */
export function ChatNotificationModes() {
  const dispatch = useAppDispatch();
  const chats = useAppSelector(selectChats).filter((c) => !c.ended);
  const { titleOf } = useChatNames();
  if (chats.length === 0) return <p className="empty-hint">No chats yet.</p>;
  return (
    <>
      {chats.map((chat) => (
        <Row key={chat.id} label={titleOf(chat)}>
          <select
            aria-label={`Notifications for ${titleOf(chat)}`}
            value={chat.notify_mode}
            onChange={(e) =>
              void dispatch(setNotifyMode({ chatId: chat.id, mode: e.target.value as NotificationMode, previous: chat.notify_mode }))
                .unwrap()
                .catch((err: unknown) => dispatch(toastShown(errorMessage(err))))
            }
          >
            {NOTIFY_MODES.map((m) => (
              <option key={m.mode} value={m.mode}>
                {m.label}
              </option>
            ))}
          </select>
        </Row>
      ))}
    </>
  );
}
