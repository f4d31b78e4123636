/**
 * Notification preferences, kept by the server so every device of a user behaves the
 * same: per-chat mode, do-not-disturb (optionally until a time), daily quiet hours in
 * each device's local time, and how much an OS notification may show.
 *
 * GET /users/me/preferences answers `Preferences`; PATCH /users/me/preferences takes a
 * `PreferencesPatch` (only the fields it names change) and answers the result, which
 * also reaches the user's other devices as `preferences_updated` on `notifications`.
 */
import { z } from 'zod';
import { Id, Timestamp } from '../common.js';

/** `all`: every message alerts; `mentions`: only messages that mention me; `none`: muted. */
export const NotificationMode = z.enum(['all', 'mentions', 'none']);
export type NotificationMode = z.infer<typeof NotificationMode>;

/** `full`: sender and text; `sender`: who wrote, not what; `none`: only that something arrived. */
export const NotificationPrivacy = z.enum(['full', 'sender', 'none']);
export type NotificationPrivacy = z.infer<typeof NotificationPrivacy>;

/** `HH:MM`, 24-hour clock, the device's local time. */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00–23:59)');

/** Most chats a user may give a mode other than `all` (each is a row of state on every device). */
export const MAX_CHAT_MODES = 2000;
/** Most chat modes one PATCH may change. */
export const MAX_CHAT_MODES_PER_PATCH = 200;

export const QuietHours = z.object({
  enabled: z.boolean(),
  /** Start and end of the quiet period; an end before the start runs past midnight. */
  start: LocalTime,
  end: LocalTime,
});
export type QuietHours = z.infer<typeof QuietHours>;

export const DoNotDisturb = z.object({
  enabled: z.boolean(),
  /** When DND ends by itself; null means until turned off. */
  until: Timestamp.nullable(),
});
export type DoNotDisturb = z.infer<typeof DoNotDisturb>;

export const Preferences = z.object({
  /** Grows by one with every change: a device keeps the highest it has seen. */
  version: z.number().int().nonnegative(),
  dnd: DoNotDisturb,
  quiet_hours: QuietHours,
  privacy: NotificationPrivacy,
  /** Chat id (as a string key) → mode, for chats whose mode is not `all`. */
  chat_modes: z.record(z.string(), NotificationMode),
  updated_at: Timestamp.nullable(),
});
export type Preferences = z.infer<typeof Preferences>;

/** What a user has before changing anything. */
export const DEFAULT_PREFERENCES: Preferences = {
  version: 0,
  dnd: { enabled: false, until: null },
  quiet_hours: { enabled: false, start: '22:00', end: '07:00' },
  privacy: 'full',
  chat_modes: {},
  updated_at: null,
};

const ChatIdKey = z.string().regex(/^[1-9]\d{0,15}$/, 'chat ids are positive integers');

export const PreferencesPatch = z
  .object({
    dnd: z
      .object({
        enabled: z.boolean(),
        until: z.iso.datetime({ offset: true }).nullable().optional(),
      })
      .strict()
      .optional(),
    quiet_hours: z.object({ enabled: z.boolean().optional(), start: LocalTime.optional(), end: LocalTime.optional() }).strict().optional(),
    privacy: NotificationPrivacy.optional(),
    /** Modes to set; `all` removes the chat's entry. Other chats keep theirs. */
    chat_modes: z
      .record(ChatIdKey, NotificationMode)
      .refine((m) => Object.keys(m).length <= MAX_CHAT_MODES_PER_PATCH, `at most ${MAX_CHAT_MODES_PER_PATCH} chats per change`)
      .optional(),
  })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'nothing to change');
export type PreferencesPatch = z.infer<typeof PreferencesPatch>;

/** `notifications`: my preferences changed (on this or another device). */
export interface PreferencesUpdatedFrame {
  type: 'preferences_updated';
  preferences: Preferences;
}

/** The chat ids a patch names, as numbers. */
export function patchedChatIds(patch: PreferencesPatch): number[] {
  return Object.keys(patch.chat_modes ?? {}).map(Number).filter((id) => Id.safeParse(id).success);
}

/**
 * Applies a patch to stored preferences: the one merge rule, used by both stores inside
 * their write transaction so concurrent changes from two devices both survive.
 */
export function mergePreferences(current: Preferences, patch: PreferencesPatch, now: string): Preferences {
  const chatModes = { ...current.chat_modes };
  for (const [chatId, mode] of Object.entries(patch.chat_modes ?? {})) {
    if (mode === 'all') delete chatModes[chatId];
    else chatModes[chatId] = mode;
  }
  return {
    version: current.version + 1,
    dnd: patch.dnd
      ? { enabled: patch.dnd.enabled, until: patch.dnd.enabled && patch.dnd.until ? new Date(patch.dnd.until).toISOString() : null }
      : current.dnd,
    quiet_hours: { ...current.quiet_hours, ...definedOnly(patch.quiet_hours ?? {}) },
    privacy: patch.privacy ?? current.privacy,
    chat_modes: chatModes,
    updated_at: now,
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
