/**
 * Shows the alerts the alert service decided on as OS notifications. A newer alert
 * with the same tag (the same chat) replaces the one on screen; clicking focuses the
 * window and tells the renderer where to go.
 */
import { Notification } from 'electron';
import type { NavigationTarget } from '../common/views.js';
import type { OsAlert } from '../node/alerts/policy.js';

export class Notifier {
  private readonly showing = new Map<string, Notification>();

  constructor(private readonly onClick: (target: NavigationTarget) => void) {}

  show(alert: OsAlert): void {
    if (!Notification.isSupported()) return;
    this.showing.get(alert.tag)?.close();
    const n = new Notification({ title: alert.title, body: alert.body, silent: false });
    n.on('click', () => {
      this.showing.delete(alert.tag);
      this.onClick(alert.target);
    });
    n.on('close', () => {
      if (this.showing.get(alert.tag) === n) this.showing.delete(alert.tag);
    });
    this.showing.set(alert.tag, n);
    n.show();
  }
}
