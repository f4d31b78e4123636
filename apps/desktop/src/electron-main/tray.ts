/**
 * Tray icon: unread count (title on macOS, badge where the OS has one, tooltip
 * everywhere), a menu listing online contacts, rebuilt as presence changes, and the
 * do-not-disturb choices (node/shell/dndMenu.ts), which are synced preferences.
 */
import { app, Menu, Tray } from 'electron';
import { DEFAULT_PREFERENCES, type Preferences, type PreferencesPatch } from '@parley/protocol';
import type { ContactView } from '../common/views.js';
import { dndChoices, dndMenuLabel } from '../node/shell/dndMenu.js';
import { appIcon } from './icon.js';

const MAX_LISTED = 15;

export class AppTray {
  private readonly tray: Tray;
  private unread = 0;
  private online: ContactView[] = [];
  private dnd: Preferences['dnd'] = DEFAULT_PREFERENCES.dnd;

  constructor(private readonly actions: { show(): void; openPeople(): void; quit(): void; setDnd(patch: PreferencesPatch): void }) {
    const icon = appIcon(process.platform === 'linux' ? 24 : 16);
    this.tray = new Tray(icon);
    this.tray.on('click', () => actions.show());
    this.render();
  }

  setUnread(count: number): void {
    this.unread = count;
    app.setBadgeCount(count);
    this.render();
  }

  setContacts(contacts: ContactView[]): void {
    this.online = contacts.filter((c) => c.online);
    this.render();
  }

  setDnd(dnd: Preferences['dnd']): void {
    this.dnd = dnd;
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const names = this.online.map((c) => (c.starred ? `★ ${c.full_name}` : c.full_name));
    const unread = this.unread ? `${this.unread} unread` : 'No unread messages';
    const who = names.length ? `Online: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` +${names.length - 5}` : ''}` : 'No contacts online';
    this.tray.setToolTip(`Parley — ${unread}\n${who}`);
    if (process.platform === 'darwin') this.tray.setTitle(this.unread ? String(this.unread) : '');
    const now = Date.now();
    const dndItems: Electron.MenuItemConstructorOptions[] = dndChoices(this.dnd, now).map((choice) => ({
      label: choice.label,
      type: 'radio',
      checked: choice.checked,
      click: () => this.actions.setDnd(choice.patch),
    }));
    const contactItems: Electron.MenuItemConstructorOptions[] = names.length
      ? names.slice(0, MAX_LISTED).map((label) => ({ label, click: () => this.actions.openPeople() }))
      : [{ label: 'No contacts online', enabled: false }];
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `Open Parley${this.unread ? ` (${this.unread} unread)` : ''}`, click: () => this.actions.show() },
        { type: 'separator' },
        { label: `Online (${names.length})`, enabled: false },
        ...contactItems,
        { type: 'separator' },
        { label: dndMenuLabel(this.dnd, now), submenu: dndItems },
        { type: 'separator' },
        { label: 'Quit', click: () => this.actions.quit() },
      ]),
    );
  }
}
