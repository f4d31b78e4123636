import { describe, expect, it } from 'vitest';
import type { NotificationView } from '../../common/views.js';
import { alertKey, badgeCount, coalesce, skipReason, type AlertCandidate, type AlertContext } from './policy.js';

const ctx = (over: Partial<AlertContext['settings']> = {}, focus: AlertContext['focus'] = { chatId: null, windowFocused: false }): AlertContext => ({
  me: 1,
  settings: { notificationsEnabled: true, doNotDisturb: false, mutedChatIds: [], starredUserIds: [], ...over },
  focus,
});
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
    ['muted chat', message(), ctx({ mutedChatIds: [5] }), 'muted'],
    ['my own message', message({ senderId: 1 }), ctx(), 'own'],
    ['already read (replayed history)', message({ seq: 9 }), ctx(), 'read'],
    ['do not disturb', message(), ctx({ doNotDisturb: true }), 'dnd'],
    ['notifications off', message(), ctx({ notificationsEnabled: false }), 'disabled'],
    ['comment on my post', { kind: 'notification', notification }, ctx(), null],
    ['comment during DND', { kind: 'notification', notification }, ctx({ doNotDisturb: true }), 'dnd'],
    ['starred contact online', { kind: 'contact_online', userId: 7, name: 'Cy', at: 0 }, ctx({ starredUserIds: [7] }), null],
    ['unstarred contact online', { kind: 'contact_online', userId: 8, name: 'Di', at: 0 }, ctx({ starredUserIds: [7] }), 'not_starred'],
    ['starred contact during DND', { kind: 'contact_online', userId: 7, name: 'Cy', at: 0 }, ctx({ starredUserIds: [7], doNotDisturb: true }), 'dnd'],
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
