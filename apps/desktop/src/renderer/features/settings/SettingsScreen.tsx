/** Appearance, notifications (synced preferences and per-chat modes), starred contacts, start at login and the account. */
import type { ReactNode } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { AccountSection } from '../account/AccountSection.js';
import { selectContacts, setStarred } from '../connections/connectionsSlice.js';
import { selectSession, signOut } from '../session/sessionSlice.js';
import { ChatNotificationModes, NotificationSettings } from './NotificationSettings.js';
import { selectSettings, updateSettings } from './settingsSlice.js';
import type { Settings } from '../../../common/views.js';

function Toggle({ label, hint, checked, onChange }: { label: string; hint?: string; checked: boolean; onChange: (value: boolean) => void }) {
  return (
    <label className="toggle-row">
      <span className="toggle-text">
        <span>{label}</span>
        {hint && <small>{hint}</small>}
      </span>
      <input type="checkbox" role="switch" className="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} />
    </label>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card settings-section" aria-label={title}>
      <h3 className="section-title">{title}</h3>
      {children}
    </section>
  );
}

const THEMES: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'Match system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsScreen() {
  const dispatch = useAppDispatch();
  const settings = useAppSelector(selectSettings);
  const contacts = useAppSelector(selectContacts);
  const session = useAppSelector(selectSession);

  return (
    <div className="page">
      <header className="page-header">
        <h2>Settings</h2>
      </header>
      <div className="feed-column">
        <Section title="Appearance">
          <div className="segmented" role="radiogroup" aria-label="Theme">
            {THEMES.map((t) => (
              <button key={t.value} type="button" role="radio" aria-checked={settings.theme === t.value} onClick={() => void dispatch(updateSettings({ theme: t.value }))}>
                {t.label}
              </button>
            ))}
          </div>
        </Section>
        <Section title="Notifications">
          <NotificationSettings />
        </Section>
        <Section title="Chats">
          <ChatNotificationModes />
        </Section>
        <Section title="Starred contacts">
          {contacts.length === 0 && <p className="empty-hint">No contacts yet.</p>}
          {contacts.map((c) => (
            <Toggle
              key={c.id}
              label={c.full_name}
              hint="Alert me when they come online"
              checked={c.starred}
              onChange={(v) => void dispatch(setStarred({ userId: c.id, starred: v }))}
            />
          ))}
        </Section>
        <Section title="Startup">
          <Toggle
            label="Start Parley at login"
            hint="Opens in the tray when you sign in to this computer"
            checked={settings.startAtLogin}
            onChange={(v) => void dispatch(updateSettings({ startAtLogin: v }))}
          />
        </Section>
        {session && (
          <Section title="Account">
            <dl className="account">
              <dt>Name</dt>
              <dd>{session.user.full_name}</dd>
              {session.user.email && (
                <>
                  <dt>Email</dt>
                  <dd>{session.user.email}</dd>
                </>
              )}
              <dt>Server</dt>
              <dd>{session.serverUrl}</dd>
            </dl>
            <button type="button" className="btn btn-danger" onClick={() => void dispatch(signOut())}>
              Sign out
            </button>
            <AccountSection session={session} />
          </Section>
        )}
      </div>
    </div>
  );
}
