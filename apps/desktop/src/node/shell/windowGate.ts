/**
 * Whether and when the main window may be shown. Electron can ask for it early:
 * `second-instance`, `activate`, `open-url` and a notification click can all arrive
 * before the core exists and before IPC handlers are registered — a window created then
 * would call into a main process that cannot answer yet. The gate remembers such
 * requests and replays one when the shell declares itself ready.
 *
 * A launch at login (`--autostart`) starts closed, in the tray, unless it came with
 * something to open (a deep link).
 */
export class WindowGate {
  private wanted: boolean;
  private show: (() => void) | null = null;

  constructor(opts: { autostart: boolean; hasLaunchLink: boolean }) {
    this.wanted = !opts.autostart || opts.hasLaunchLink;
  }

  /** Show the window now if the shell is ready, else as soon as it is. */
  request(): void {
    if (this.show) this.show();
    else this.wanted = true;
  }

  /** The core and IPC are up: `show` creates or focuses the window from now on. */
  ready(show: () => void): void {
    this.show = show;
    if (this.wanted) show();
  }

  get isReady(): boolean {
    return this.show !== null;
  }
}
