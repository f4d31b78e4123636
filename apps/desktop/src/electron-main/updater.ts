/**
 * Auto-update through electron-updater from a generic feed (a static folder with
 * latest-linux.yml / latest.yml / latest-mac.yml and the artifacts; docs/desktop-updates.md).
 * The feed is PARLEY_UPDATE_URL or the URL packaged from electron-builder.yml `publish`;
 * without one, or outside a packaged app, nothing is checked. electron-updater fetches
 * the feed and verifies the download's sha512; whether to download is our decision
 * (node/shell/updateFeed.ts), and the update installs when the app quits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import { decideUpdate, packagedFeedUrl, resolveFeedUrl } from '../node/shell/updateFeed.js';

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

function readPackagedConfig(): string | null {
  try {
    return readFileSync(join(process.resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    return null;
  }
}

export function startAutoUpdates(onReady: (version: string) => void): () => void {
  if (!app.isPackaged) return () => {};
  const feed = resolveFeedUrl(process.env, packagedFeedUrl(readPackagedConfig()));
  if (feed.url === null) {
    console.log(`Parley: updates off: ${feed.reason}`);
    return () => {};
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('update-available', (info) => {
    const decision = decideUpdate(app.getVersion(), info.version);
    if (decision.action === 'install') void autoUpdater.downloadUpdate().catch((err: unknown) => console.error('Parley: update download failed:', err));
  });
  autoUpdater.on('update-downloaded', (info) => onReady(info.version));
  autoUpdater.on('error', (err) => console.error('Parley: update check failed:', err.message));
  const check = () => void autoUpdater.checkForUpdates().catch(() => {});
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
