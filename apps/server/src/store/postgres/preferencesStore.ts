/** Notification preferences; a change locks the user's row so concurrent changes merge one after the other. */
import { mergePreferences } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import { toPreferences, preferencesData, type PreferencesDbRow } from '../preferencesRows.js';
import type { PreferencesStore } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode } from './pool.js';

export function createPreferencesStore({ rows, transaction, timed }: PgContext): PreferencesStore {
  return {
    get: (userId) => timed('preferences.get', async () => {
      const [row] = await rows<PreferencesDbRow>('SELECT version, data, updated_at FROM user_preferences WHERE user_id = $1', [userId]);
      return toPreferences(row);
    }),
    update: (userId, patch) => timed('preferences.update', () =>
      transaction(async (client) => {
        // The first change of a user has no row to lock: make one (the defaults, version 0)
        // so two first changes at once still serialize on it.
        try {
          await client.query(
            `INSERT INTO user_preferences (user_id, version, data, updated_at) VALUES ($1, 0, $2, now())
             ON CONFLICT (user_id) DO NOTHING`,
            [userId, JSON.stringify(preferencesData(toPreferences(null)))],
          );
        } catch (err) {
          if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION) throw new AppError('not_found', 'user not found');
          throw err;
        }
        const { rows: locked } = await client.query<PreferencesDbRow>(
          'SELECT version, data, updated_at FROM user_preferences WHERE user_id = $1 FOR UPDATE',
          [userId],
        );
        const next = mergePreferences(toPreferences(locked[0]), patch, new Date().toISOString());
        await client.query('UPDATE user_preferences SET version = $2, data = $3, updated_at = $4 WHERE user_id = $1', [
          userId,
          next.version,
          JSON.stringify(preferencesData(next)),
          next.updated_at,
        ]);
        return next;
      }),
    ),
  };
}
