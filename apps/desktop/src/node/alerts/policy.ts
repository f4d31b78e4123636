/**
 * The alert policy as pure functions: what becomes an OS notification, under which key
 * it is remembered (so nothing ever alerts twice, even after a catch-up replay), how a
 * burst is folded into one notification per chat, what it may show (privacy), and the
 * tray badge number. Do-not-disturb and quiet hours silence OS alerts only: messages are
 * still stored and counted as unread.
 */
import type { NotificationPrivacy, Preferences, QuietHours } from '@parley/protocol';
import type { ChatView, NavigationTarget, NotificationView, Settings } from '../../common/views.js';

export type AlertCandidate =
  | {
      kind: 'message';
      messageId: number;
      chatId: number;
      seq: number;
      senderId: number;
      senderName: string;
      chatTitle: string | null;
      content: string;
      /** The chat's read position when the message arrived: older messages are not news. */
      readSeq: number;
      /** User ids the message mentions (the server fills it; absent on older servers). */
      mentions: readonly number[];
    }
  | { kind: 'notification'; notification: NotificationView }
  | { kind: 'contact_online'; userId: number; name: string; at: number };

export interface AlertContext {
  me: number;
  settings: Pick<Settings, 'notificationsEnabled' | 'starredUserIds'> & { preferences: Pick<Preferences, 'dnd' | 'quiet_hours' | 'chat_modes' | 'privacy'> };
  /** The chat on screen and whether the window has focus. */
  focus: { chatId: number | null; windowFocused: boolean };
  /** Now, in ms since the epoch (for do-not-disturb `until`). */
  now: number;
  /** Minutes since local midnight on this device (quiet hours are in local time). */
  localMinutes: number;
}

/** What the shell shows. `tag` identifies the slot: a newer alert for the same chat replaces the old one. */
export interface OsAlert {
  tag: string;
  title: string;
  body: string;
  count: number;
  target: NavigationTarget;
  /** The keys this alert covers (persisted as "alerted"). */
  keys: string[];
}

/** A starred contact coming online alerts at most once per this window, so flapping Wi-Fi stays quiet. */
export const ONLINE_ALERT_WINDOW_MS = 5 * 60_000;

export function alertKey(c: AlertCandidate): string {
  switch (c.kind) {
    case 'message':
      return `message:${c.messageId}`;
    case 'notification':
      return `notification:${c.notification.id}`;
    case 'contact_online':
      return `online:${c.userId}:${Math.floor(c.at / ONLINE_ALERT_WINDOW_MS)}`;
  }
}

export type SkipReason = 'disabled' | 'dnd' | 'quiet_hours' | 'own' | 'read' | 'muted' | 'not_mentioned' | 'focused' | 'not_starred' | null;

/** Whether do-not-disturb is on at `now`: switched on, and its end (if any) not reached. */
export function dndActive(dnd: Preferences['dnd'], now: number): boolean {
  if (!dnd.enabled) return false;
  return dnd.until === null || Date.parse(dnd.until) > now;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Whether `localMinutes` falls in the quiet period [start, end). An end earlier than the
 * start runs past midnight (22:00–07:00); start equal to end means nothing is quiet.
 */
export function inQuietHours(q: QuietHours, localMinutes: number): boolean {
  if (!q.enabled) return false;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return false;
  return start < end ? localMinutes >= start && localMinutes < end : localMinutes >= start || localMinutes < end;
}

/** Why a candidate must not alert, or null if it should. */
export function skipReason(c: AlertCandidate, ctx: AlertContext): SkipReason {
  if (!ctx.settings.notificationsEnabled) return 'disabled';
  const prefs = ctx.settings.preferences;
  if (dndActive(prefs.dnd, ctx.now)) return 'dnd';
  if (inQuietHours(prefs.quiet_hours, ctx.localMinutes)) return 'quiet_hours';
  switch (c.kind) {
    case 'message': {
      if (c.senderId === ctx.me) return 'own';
      if (c.seq <= c.readSeq) return 'read';
      const mode = prefs.chat_modes[String(c.chatId)] ?? 'all';
      if (mode === 'none') return 'muted';
      if (mode === 'mentions' && !c.mentions.includes(ctx.me)) return 'not_mentioned';
      if (ctx.focus.windowFocused && ctx.focus.chatId === c.chatId) return 'focused';
      return null;
    }
    case 'notification':
      return null;
    case 'contact_online':
      return ctx.settings.starredUserIds.includes(c.userId) ? null : 'not_starred';
  }
}

function truncate(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The title of every alert when privacy is `none`: it says only that something arrived. */
export const PRIVATE_TITLE = 'Parley';

/**
 * What an alert may show. `full`: as built; `sender`: who and where, never the text;
 * `none`: only that something new arrived (a lock screen or a shared screen shows nothing else).
 */
export function redact(alert: OsAlert, privacy: NotificationPrivacy): OsAlert {
  if (privacy === 'full') return alert;
  const isChat = alert.target.kind === 'chat';
  const what = isChat ? (alert.count === 1 ? 'New message' : `${alert.count} new messages`) : 'New notification';
  if (privacy === 'none') return { ...alert, title: PRIVATE_TITLE, body: what };
  return { ...alert, body: what };
}

/**
 * Folds alertable candidates into OS alerts: one per chat for messages, one per item
 * otherwise. `earlier` holds, per chat, messages already announced by an alert still on
 * screen: the new alert replaces it (same tag) and counts them too.
 */
export function coalesce(candidates: AlertCandidate[], earlier: ReadonlyMap<number, number> = new Map()): OsAlert[] {
  const alerts: OsAlert[] = [];
  const byChat = new Map<number, Extract<AlertCandidate, { kind: 'message' }>[]>();
  for (const c of candidates) {
    if (c.kind === 'message') {
      const list = byChat.get(c.chatId) ?? [];
      list.push(c);
      byChat.set(c.chatId, list);
    } else if (c.kind === 'notification') {
      alerts.push({ tag: `notification:${c.notification.id}`, title: c.notification.title, body: c.notification.body, count: 1, target: c.notification.target, keys: [alertKey(c)] });
    } else {
      alerts.push({ tag: `online:${c.userId}`, title: `${c.name} is online`, body: 'A starred contact is now online.', count: 1, target: { kind: 'people' }, keys: [alertKey(c)] });
    }
  }
  for (const [chatId, list] of byChat) {
    const last = list.reduce((a, b) => (b.seq > a.seq ? b : a));
    const senders = [...new Set(list.map((m) => m.senderName))];
    const title = last.chatTitle ?? senders.join(', ');
    const count = list.length + (earlier.get(chatId) ?? 0);
    const body = count === 1 ? `${last.chatTitle ? `${last.senderName}: ` : ''}${truncate(last.content)}` : `${count} new messages — ${last.senderName}: ${truncate(last.content, 80)}`;
    alerts.unshift({ tag: `chat:${chatId}`, title, body, count, target: { kind: 'chat', chatId }, keys: list.map(alertKey) });
  }
  return alerts;
}

/** Tray badge: unread messages in chats that are not muted, the same per-chat numbers the UI lists. */
export function badgeCount(chats: Pick<ChatView, 'unread_count' | 'muted'>[]): number {
  return chats.reduce((sum, c) => sum + (c.muted ? 0 : c.unread_count), 0);
}
