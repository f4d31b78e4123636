import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, type Preferences } from '@parley/protocol';
import type { NotificationView } from '../../common/views.js';
import { alertKey, badgeCount, coalesce, dndActive, inQuietHours, PRIVATE_TITLE, redact, skipReason, type AlertCandidate, type AlertContext } from './policy.js';

const NOW = Date.parse('2024-06-01T12:00:00.000Z');
type SettingsOver = Partial<Omit<AlertContext['settings'], 'preferences'>> & { prefs?: Partial<Preferences>; localMinutes?: number };
const ctx = (over: SettingsOver = {}, focus: AlertContext['focus'] = { chatId: null, windowFocused: false }): AlertContext => {
  const { prefs, localMinutes = 12 * 60, ...settings } = over;
  return {
    me: 1,
    settings: { notificationsEnabled: true, starredUserIds: [], ...settings, preferences: { ...DEFAULT_PREFERENCES, ...prefs } },
    focus,
    now: NOW,
    localMinutes,
  };
};
const dndOn = { dnd: { enabled: true, until: null } };
const quiet = (start: string, end: string) => ({ quiet_hours: { enabled: true, start, end } });
const message = (over: Partial<Extract<AlertCandidate, { kind: 'message' }>> = {}): AlertCandidate => ({
  kind: 'message',
  messageId: 100,
  chatId: 5,
  seq: 10,
  senderId: 2,
  senderName: 'Bob',
  chatTitle: null,
  content: 'hello',
  readSeq: 9,
  mentions: [],
  ...over,
});
const notification: NotificationView = {
  id: 'comment:12',
  kind: 'comment_on_post',
  title: 'Ann commented on your post',
  body: 'nice',
  timestamp: '2024-01-01T00:00:00.000Z',
  read: false,
  target: { kind: 'post', postId: 3 },
};

describe('skipReason', () => {
  const table: [string, AlertCandidate, AlertContext, ReturnType<typeof skipReason>][] = [
    ['new message in a background chat', message(), ctx(), null],
    ['chat open but window not focused', message(), ctx({}, { chatId: 5, windowFocused: false }), null],
    ['chat open and focused', message(), ctx({}, { chatId: 5, windowFocused: true }), 'focused'],
    ['another chat focused', message(), ctx({}, { chatId: 6, windowFocused: true }), null],
    ['muted chat (mode none)', message(), ctx({ prefs: { chat_modes: { 5: 'none' } } }), 'muted'],
    ['mode mentions, not mentioned', message({ mentions: [3] }), ctx({ prefs: { chat_modes: { 5: 'mentions' } } }), 'not_mentioned'],
    ['mode mentions, mentioned', message({ mentions: [3, 1] }), ctx({ prefs: { chat_modes: { 5: 'mentions' } } }), null],
    ['mode mentions, mentioned but the chat is focused', message({ mentions: [1] }), ctx({ prefs: { chat_modes: { 5: 'mentions' } } }, { chatId: 5, windowFocused: true }), 'focused'],
    ['another chat muted', message(), ctx({ prefs: { chat_modes: { 6: 'none' } } }), null],
    ['DND until a time still ahead', message(), ctx({ prefs: { dnd: { enabled: true, until: '2024-06-01T13:00:00.000Z' } } }), 'dnd'],
    ['DND whose time has passed', message(), ctx({ prefs: { dnd: { enabled: true, until: '2024-06-01T11:59:59.000Z' } } }), null],
    ['inside quiet hours past midnight', message(), ctx({ prefs: quiet('22:00', '07:00'), localMinutes: 23 * 60 }), 'quiet_hours'],
    ['quiet hours switched off', message(), ctx({ prefs: { quiet_hours: { enabled: false, start: '00:00', end: '23:59' } } }), null],
    ['a comment during quiet hours', { kind: 'notification', notification }, ctx({ prefs: quiet('09:00', '17:00') }), 'quiet_hours'],
    ['my own message', message({ senderId: 1 }), ctx(), 'own'],
    ['already read (replayed history)', message({ seq: 9 }), ctx(), 'read'],
    ['do not disturb', message(), ctx({ prefs: dndOn }), 'dnd'],
    ['notifications off', message(), ctx({ notificationsEnabled: false }), 'disabled'],
    ['comment on my post', { kind: 'notification', notification }, ctx(), null],
    ['comment during DND', { kind: 'notification', notification }, ctx({ prefs: dndOn }), 'dnd'],
    ['starred contact online', { kind: 'contact_online', userId: 7, name: 'Cy', at: 0 }, ctx({ starredUserIds: [7] }), null],
    ['unstarred contact online', { kind: 'contact_online', userId: 8, name: 'Di', at: 0 }, ctx({ starredUserIds: [7] }), 'not_starred'],
    ['starred contact during DND', { kind: 'contact_online', userId: 7, name: 'Cy', at: 0 }, ctx({ starredUserIds: [7], prefs: dndOn }), 'dnd'],
  ];
  it.each(table)('%s', (_name, candidate, context, expected) => {
    expect(skipReason(candidate, context)).toBe(expected);
  });
});

describe('alertKey', () => {
  it('is the item identity, so a replay maps to the same key', () => {
    expect(alertKey(message())).toBe('message:100');
    expect(alertKey({ kind: 'notification', notification })).toBe('notification:comment:12');
    const a = alertKey({ kind: 'contact_online', userId: 7, name: 'Cy', at: 60_000 });
    expect(alertKey({ kind: 'contact_online', userId: 7, name: 'Cy', at: 120_000 })).toBe(a);
    expect(alertKey({ kind: 'contact_online', userId: 7, name: 'Cy', at: 10 * 60_000 })).not.toBe(a);
  });
});

describe('coalesce', () => {
  it('folds a burst into one alert per chat with a count', () => {
    const alerts = coalesce([
      message({ messageId: 1, seq: 10 }),
      message({ messageId: 2, seq: 11, content: 'second' }),
      message({ messageId: 3, chatId: 6, seq: 1, senderName: 'Cy', chatTitle: 'Team' }),
      { kind: 'notification', notification },
    ]);
    expect(alerts).toHaveLength(3);
    const chat5 = alerts.find((a) => a.tag === 'chat:5');
    expect(chat5).toMatchObject({ count: 2, title: 'Bob', target: { kind: 'chat', chatId: 5 }, keys: ['message:1', 'message:2'] });
    expect(chat5?.body).toContain('2 new messages');
    expect(chat5?.body).toContain('second');
    expect(alerts.find((a) => a.tag === 'chat:6')).toMatchObject({ count: 1, title: 'Team', body: 'Cy: hello' });
    expect(alerts.find((a) => a.tag === 'notification:comment:12')).toMatchObject({ target: { kind: 'post', postId: 3 } });
  });

  it('a starred contact coming online opens People', () => {
    expect(coalesce([{ kind: 'contact_online', userId: 7, name: 'Cy', at: 0 }])[0]).toMatchObject({ title: 'Cy is online', target: { kind: 'people' } });
  });
});

describe('badgeCount', () => {
  it('sums unread of chats that are not muted', () => {
    expect(badgeCount([{ unread_count: 3, muted: false }, { unread_count: 4, muted: true }, { unread_count: 1, muted: false }])).toBe(4);
    expect(badgeCount([])).toBe(0);
  });
});

describe('coalesce with an alert still showing', () => {
  it('replaces it and counts what it announced', () => {
    const [alert] = coalesce([message({ messageId: 9, seq: 20 })], new Map([[5, 4]]));
    expect(alert).toMatchObject({ tag: 'chat:5', count: 5, keys: ['message:9'] });
    expect(alert?.body).toContain('5 new messages');
  });
});

describe('do-not-disturb and quiet hours', () => {
  it('DND without an end lasts until switched off', () => {
    expect(dndActive({ enabled: true, until: null }, NOW)).toBe(true);
    expect(dndActive({ enabled: false, until: null }, NOW)).toBe(false);
    expect(dndActive({ enabled: true, until: new Date(NOW).toISOString() }, NOW)).toBe(false);
  });

  it('quiet hours are [start, end) in local minutes, across midnight when end < start', () => {
    const night = { enabled: true, start: '22:00', end: '07:00' };
    expect([21 * 60 + 59, 22 * 60, 0, 6 * 60 + 59, 7 * 60].map((m) => inQuietHours(night, m))).toEqual([false, true, true, true, false]);
    const day = { enabled: true, start: '09:30', end: '17:00' };
    expect([9 * 60 + 29, 9 * 60 + 30, 16 * 60 + 59, 17 * 60].map((m) => inQuietHours(day, m))).toEqual([false, true, true, false]);
    expect(inQuietHours({ enabled: true, start: '08:00', end: '08:00' }, 8 * 60)).toBe(false);
  });
});

describe('privacy', () => {
  const [chatAlert] = coalesce([message({ chatTitle: 'Team', content: 'the secret plan' })]);
  const [burst] = coalesce([message({ messageId: 1 }), message({ messageId: 2, seq: 11 })]);
  const [commentAlert] = coalesce([{ kind: 'notification', notification }]);

  it('full shows sender and text', () => {
    expect(redact(chatAlert!, 'full')).toEqual(chatAlert);
    expect(chatAlert).toMatchObject({ title: 'Team', body: 'Bob: the secret plan' });
  });

  it('sender keeps who and where, never the text', () => {
    expect(redact(chatAlert!, 'sender')).toMatchObject({ title: 'Team', body: 'New message', tag: 'chat:5', target: { kind: 'chat', chatId: 5 } });
    expect(redact(burst!, 'sender')).toMatchObject({ title: 'Bob', body: '2 new messages' });
    expect(redact(commentAlert!, 'sender')).toMatchObject({ title: notification.title, body: 'New notification' });
  });

  it('none says only that something arrived', () => {
    for (const alert of [chatAlert!, burst!, commentAlert!]) {
      const shown = redact(alert, 'none');
      expect(shown.title).toBe(PRIVATE_TITLE);
      expect(`${shown.title} ${shown.body}`).not.toMatch(/Bob|Team|secret|Ann|nice/);
      expect(shown.keys).toEqual(alert.keys);
    }
  });
});
