/**
 * `parley://` deep links: what they open, and holding them until the app can.
 *
 *   parley://chat/<id>   open chat <id>
 *
 * A link arrives from the OS as a command-line argument (first launch, and a second
 * instance's argv on Windows/Linux) or as macOS `open-url`, often before the window and
 * its IPC exist; the queue keeps it until the shell says the renderer is listening.
 * Anything else (another scheme, an unknown path, a non-numeric id) is ignored: the URL
 * comes from outside the app and must not be able to steer it anywhere unexpected.
 */
import type { NavigationTarget } from '../../common/views.js';

export const DEEP_LINK_SCHEME = 'parley';
/** Upper bound on a link's length: argv is attacker-controllable input. */
const MAX_LINK_LENGTH = 2048;
/** Positive integers that fit a database id; no signs, exponents or leading zeros. */
const ID = /^[1-9]\d{0,15}$/;

/** The target of a `parley://` link, or null if it is not one Parley opens. */
export function parseDeepLink(raw: string): NavigationTarget | null {
  if (raw.length > MAX_LINK_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // parley://chat/5 parses with host "chat", path "/5"; tolerate parley:chat/5 and a trailing slash.
  const parts = [url.host, ...url.pathname.split('/')].filter((p) => p !== '');
  if (parts.length !== 2) return null;
  const [kind, id] = parts as [string, string];
  if (kind.toLowerCase() !== 'chat' || !ID.test(id)) return null;
  const chatId = Number(id);
  return Number.isSafeInteger(chatId) ? { kind: 'chat', chatId } : null;
}

/** The last deep link among command-line arguments (Electron and Chromium add their own flags). */
export function deepLinkFromArgv(argv: readonly string[]): NavigationTarget | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i] as string;
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const target = parseDeepLink(arg);
    if (target) return target;
  }
  return null;
}

/**
 * Links that arrive before the renderer can act on them wait here. Only the newest
 * waiting link is kept: several clicks during start-up mean "take me to the last one".
 */
export class DeepLinkQueue {
  private pending: NavigationTarget | null = null;
  private deliver: ((target: NavigationTarget) => void) | null = null;

  /** Delivers now if the app is ready, otherwise keeps the link for `ready`. */
  push(target: NavigationTarget): void {
    if (this.deliver) this.deliver(target);
    else this.pending = target;
  }

  /** The renderer is listening: flush the waiting link and deliver later ones directly. */
  ready(deliver: (target: NavigationTarget) => void): void {
    this.deliver = deliver;
    const waiting = this.pending;
    this.pending = null;
    if (waiting) deliver(waiting);
  }

  /** The window or its IPC went away (e.g. closed): queue again until `ready`. */
  pause(): void {
    this.deliver = null;
  }

  get waiting(): NavigationTarget | null {
    return this.pending;
  }
}
