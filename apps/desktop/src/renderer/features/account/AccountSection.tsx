/**
 * Settings → Account: where I am signed in (device, last seen, this device) with "Sign
 * out" per session and "Sign out everywhere", changing my password and my display name.
 * Everything goes through main (the bridge), which talks to the server; the list is
 * fetched when the section opens and after every change, since it lives on the server.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SessionInfo } from '@parley/protocol';
import type { SessionView } from '../../../common/views.js';
import { sessionChanged } from '../../app/events.js';
import { useAppDispatch } from '../../app/hooks.js';
import { useBridge } from '../../bridge/BridgeProvider.js';
import { errorMessage, invoke } from '../../bridge/rendererBridge.js';
import { formatDateTime } from '../../ui/format.js';

type Status = { kind: 'ok' | 'error'; text: string } | null;

function StatusLine({ status }: { status: Status }) {
  if (!status) return null;
  return (
    <p className={status.kind === 'error' ? 'form-error' : 'form-ok'} role={status.kind === 'error' ? 'alert' : 'status'}>
      {status.text}
    </p>
  );
}

function SessionsList() {
  const bridge = useBridge();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [status, setStatus] = useState<Status>(null);

  const load = useCallback(async () => {
    try {
      setSessions(await invoke(bridge, 'account.sessions', {}));
    } catch (err) {
      setStatus({ kind: 'error', text: `Could not load sessions: ${errorMessage(err)}` });
    }
  }, [bridge]);
  useEffect(() => void load(), [load]);

  async function revoke(s: SessionInfo) {
    try {
      await invoke(bridge, 'account.revokeSession', { sessionId: s.id });
      setStatus({ kind: 'ok', text: `Signed out ${s.device_name}.` });
      await load();
    } catch (err) {
      setStatus({ kind: 'error', text: errorMessage(err) });
    }
  }

  async function everywhere() {
    try {
      // Main signs this device out too; the sign-in screen follows.
      await invoke(bridge, 'account.logoutAll', {});
    } catch (err) {
      setStatus({ kind: 'error', text: errorMessage(err) });
    }
  }

  return (
    <div className="account-block">
      <h4>Where you're signed in</h4>
      {sessions === null && !status && <p className="empty-hint">Loading…</p>}
      {sessions && (
        <ul className="session-list" aria-label="Sessions">
          {sessions.map((s) => (
            <li key={s.id} className="session-row" aria-label={s.device_name}>
              <span className="session-text">
                <span className="session-device">
                  {s.device_name}
                  {s.current && <span className="badge">This device</span>}
                </span>
                <small>Last active {formatDateTime(s.last_seen_at)}</small>
              </span>
              {!s.current && (
                <button type="button" className="btn btn-small" onClick={() => void revoke(s)} aria-label={`Sign out ${s.device_name}`}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <StatusLine status={status} />
      <button type="button" className="btn btn-danger" onClick={() => void everywhere()}>
        Sign out everywhere
      </button>
    </div>
  );
}

function PasswordForm() {
  const bridge = useBridge();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    try {
      await invoke(bridge, 'account.changePassword', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setStatus({ kind: 'ok', text: 'Password changed. Your other devices were signed out.' });
    } catch (err) {
      setStatus({ kind: 'error', text: errorMessage(err) });
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="account-block" onSubmit={(e) => void submit(e)} aria-label="Change password">
      <h4>Change password</h4>
      <label className="field">
        <span>Current password</span>
        <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoComplete="current-password" />
      </label>
      <label className="field">
        <span>New password</span>
        <input type="password" value={next} minLength={8} onChange={(e) => setNext(e.target.value)} required autoComplete="new-password" />
      </label>
      <StatusLine status={status} />
      <button type="submit" className="btn btn-primary" disabled={pending}>
        Change password
      </button>
    </form>
  );
}

function NameForm({ session }: { session: SessionView }) {
  const bridge = useBridge();
  const dispatch = useAppDispatch();
  const [name, setName] = useState(session.user.full_name);
  const [status, setStatus] = useState<Status>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const view = await invoke(bridge, 'account.updateProfile', { fullName: name });
      dispatch(sessionChanged(view));
      setName(view.user.full_name);
      setStatus({ kind: 'ok', text: 'Display name saved.' });
    } catch (err) {
      setStatus({ kind: 'error', text: errorMessage(err) });
    }
  }

  return (
    <form className="account-block" onSubmit={(e) => void submit(e)} aria-label="Display name">
      <h4>Display name</h4>
      <label className="field">
        <span>Name others see</span>
        <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} required autoComplete="name" />
      </label>
      <StatusLine status={status} />
      <button type="submit" className="btn btn-primary" disabled={name.trim() === '' || name.trim() === session.user.full_name}>
        Save name
      </button>
    </form>
  );
}

export function AccountSection({ session }: { session: SessionView }) {
  return (
    <>
      <NameForm session={session} />
      <PasswordForm />
      <SessionsList />
    </>
  );
}
