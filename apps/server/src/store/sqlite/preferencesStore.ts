/** Notification preferences: reads on the main thread, changes merged in the writer thread. */
import { mergePreferences, type Preferences, type PreferencesPatch } from '@parley/protocol';
import { toPreferences, preferencesData, type PreferencesDbRow } from '../preferencesRows.js';
import type { PreferencesStore } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Db } from './db.js';
import { sqliteCode } from './db.js';
import { WriteFailure } from './writeProtocol.js';

const SELECT = 'SELECT version, data, updated_at FROM user_preferences WHERE user_id = ?';

export function createPreferencesStore({ read, writer, timed }: SqliteContext): PreferencesStore {
  const byUser = read.prepare(SELECT);
  return {
    get: (userId) => timed('preferences.get', () => toPreferences(byUser.get(userId) as PreferencesDbRow | undefined)),
    update: (userId, patch) => timed('preferences.update', () => writer.call('preferences.update', { userId, patch })),
  };
}

/** The writer-thread op: read, merge and write in the group-commit transaction. */
export function createPreferencesOp(db: Db): (input: { userId: number; patch: PreferencesPatch }) => Preferences {
  const current = db.prepare(SELECT);
  const upsert = db.prepare(
    `INSERT INTO user_preferences (user_id, version, data, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, data = excluded.data, updated_at = excluded.updated_at`,
  );
  return ({ userId, patch }) => {
    const next = mergePreferences(toPreferences(current.get(userId) as PreferencesDbRow | undefined), patch, new Date().toISOString());
    try {
      upsert.run(userId, next.version, JSON.stringify(preferencesData(next)), next.updated_at);
    } catch (err) {
      if (sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new WriteFailure('not_found', 'user not found');
      throw err;
    }
    return next;
  };
}
