/**
 * The people I blocked, with Unblock, and the two-step button the People screen uses
 * for actions that are hard to undo (remove a connection, block someone): the first
 * click arms it, the second within a few seconds confirms.
 */
import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Avatar } from '../../ui/Avatar.js';
import { loadBlocks, selectBlocked, unblockUser } from './connectionsSlice.js';

/** How long an armed button waits for its confirming click. */
const CONFIRM_WINDOW_MS = 4000;

export function ConfirmButton({ label, confirmLabel, ariaName, onConfirm }: { label: string; confirmLabel: string; ariaName: string; onConfirm: () => void }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), CONFIRM_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <button
      type="button"
      className={`btn btn-small${armed ? ' btn-danger' : ''}`}
      aria-label={armed ? `${confirmLabel}: ${ariaName}` : ariaName}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? confirmLabel : label}
    </button>
  );
}

export function BlockedList() {
  const dispatch = useAppDispatch();
  const blocked = useAppSelector(selectBlocked);
  useEffect(() => {
    void dispatch(loadBlocks());
  }, [dispatch]);
  if (!blocked || blocked.length === 0) return null;
  return (
    <section className="card" aria-labelledby="blocked-title">
      <h3 id="blocked-title" className="section-title">
        Blocked — {blocked.length}
      </h3>
      <p className="empty-hint">They cannot message you, send you requests or see when you are online, nor you them.</p>
      <ul className="contact-list" data-testid="blocked-list">
        {blocked.map((b) => (
          <li key={b.user.id} className="contact-row">
            <Avatar id={b.user.id} name={b.user.full_name} />
            <span className="contact-name">{b.user.full_name}</span>
            <button type="button" className="btn btn-small" onClick={() => void dispatch(unblockUser(b.user.id))} aria-label={`Unblock ${b.user.full_name}`}>
              Unblock
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
