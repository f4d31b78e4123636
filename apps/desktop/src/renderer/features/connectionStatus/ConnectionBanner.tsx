/**
 * The seed's "Handle reconnection UI" advice, made precise: while main waits between
 * attempts the banner counts down ("Reconnecting… in 4 s"); once the backoff schedule is
 * spent it says "Offline" with a Retry button (main keeps trying every 60 s anyway).
 */
import { useEffect, useState } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { Icon } from '../../ui/Icon.js';
import { retryNow, secondsUntilRetry, selectConnection } from './connectionStatusSlice.js';

/** The current time, refreshed every second while `active`; for countdowns. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function ConnectionBanner() {
  const connection = useAppSelector(selectConnection);
  const dispatch = useAppDispatch();
  const waiting = connection.state === 'reconnecting' || connection.state === 'offline';
  const now = useNow(waiting);
  if (connection.state === 'online' || connection.state === 'signed_out') return null;

  const seconds = secondsUntilRetry(connection, now);
  let text: string;
  if (connection.state === 'connecting') text = connection.attempt > 1 ? `Connecting… (attempt ${connection.attempt})` : 'Connecting…';
  else if (connection.state === 'reconnecting') text = seconds ? `Reconnecting… in ${seconds} s` : 'Reconnecting…';
  else text = 'Offline — messages you write are kept and sent when the connection returns';

  return (
    <div className={`connection-banner is-${connection.state}`} role="status" aria-live="polite" data-testid="connection-banner" data-state={connection.state}>
      <Icon name={connection.state === 'offline' ? 'wifiOff' : 'clock'} size={16} />
      <span className="connection-banner-text">{text}</span>
      {connection.state !== 'connecting' && (
        <button type="button" className="btn btn-small" onClick={() => void dispatch(retryNow())}>
          {connection.state === 'offline' ? 'Retry' : 'Retry now'}
        </button>
      )}
    </div>
  );
}
