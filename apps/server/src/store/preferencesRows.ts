/**
 * Stored preferences to the wire shape, shared by both engines. The JSON document is
 * read over the defaults, so a field added later has its default for rows written before.
 */
import { DEFAULT_PREFERENCES, type Preferences } from '@parley/protocol';

export interface PreferencesDbRow {
  version: number | string;
  /** SQLite keeps TEXT, PostgreSQL hands jsonb back parsed. */
  data: string | Record<string, unknown>;
  updated_at: string | Date;
}

/** The part of Preferences kept in the `data` column (version and time have their own). */
export function preferencesData(p: Preferences): Omit<Preferences, 'version' | 'updated_at'> {
  return { dnd: p.dnd, quiet_hours: p.quiet_hours, privacy: p.privacy, chat_modes: p.chat_modes };
}

export function toPreferences(row: PreferencesDbRow | undefined | null): Preferences {
  if (!row) return DEFAULT_PREFERENCES;
  const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Partial<Preferences>;
  return {
    ...DEFAULT_PREFERENCES,
    ...data,
    dnd: { ...DEFAULT_PREFERENCES.dnd, ...data.dnd },
    quiet_hours: { ...DEFAULT_PREFERENCES.quiet_hours, ...data.quiet_hours },
    chat_modes: { ...data.chat_modes },
    version: Number(row.version),
    updated_at: row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at,
  };
}
