/**
 * Registers Parley as the handler of `parley://` links. Packaged apps also declare the
 * scheme in their installer metadata (electron-builder.yml `protocols`: Info.plist on
 * macOS, the .desktop file's MimeType on Linux); this covers Windows and development.
 * Parsing and queueing live in node/shell/deepLink.ts.
 */
import { resolve } from 'node:path';
import { app } from 'electron';
import { DEEP_LINK_SCHEME } from '../node/shell/deepLink.js';

export function registerDeepLinkScheme(): void {
  // Under `electron .` the executable is Electron itself: the OS must also pass the app folder.
  const ok = process.defaultApp && process.argv[1]
    ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])])
    : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  if (!ok) console.warn(`Parley: could not register the ${DEEP_LINK_SCHEME}:// link handler`);
}
