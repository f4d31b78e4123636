/**
 * OS signals that should make the socket retry at once: resume from sleep, screen
 * unlock, and the network coming back. Electron's main process has no "online" event,
 * so connectivity is sampled with net.isOnline() every few seconds and only the
 * offline → online transition counts.
 */
import { net, powerMonitor } from 'electron';

const NETWORK_POLL_MS = 5_000;

export function watchPowerAndNetwork(signals: { resume(): void; networkUp(): void }): () => void {
  const onResume = () => signals.resume();
  powerMonitor.on('resume', onResume);
  powerMonitor.on('unlock-screen', onResume);
  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) signals.networkUp();
    online = now;
  }, NETWORK_POLL_MS);
  return () => {
    clearInterval(timer);
    powerMonitor.off('resume', onResume);
    powerMonitor.off('unlock-screen', onResume);
  };
}
