/** Key/value rows: settings, the signed-in session's public part, and alert dedupe keys. */
import type Database from 'better-sqlite3';
import { DEFAULT_PREFERENCES, type Preferences } from '@parley/protocol';
import { DEFAULT_SETTINGS, type Settings } from '../../common/views.js';


/** Attachment names kept (own uploads and names the server sent); older ones fall back to the file name. */
export const MAX_ATTACHMENT_NAMES = 1000;

export function createKvRepo(db: Database.Database) {
  const getStmt = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
  const setStmt = db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const delStmt = db.prepare('DELETE FROM kv WHERE key = ?');
  const claimStmt = db.prepare('INSERT OR IGNORE INTO alerted (key, at) VALUES (?, ?)');

  function getJson<T>(key: string): T | null {
    const row = getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : null;
  }
  function setJson(key: string, value: unknown): void {
    if (value === null || value === undefined) delStmt.run(key);
    else setStmt.run(key, JSON.stringify(value));
  }
  function settings(): Settings {
    return { ...DEFAULT_SETTINGS, ...getJson<Partial<Settings>>('settings') };
  }

  return {
    getJson,
    setJson,
    settings,
    updateSettings(patch: Partial<Settings>): Settings {
      const next = { ...settings(), ...patch };
      setJson('settings', next);
      return next;
    },
    /** Original names of attachments, by attachment URL: uploaded from here or named by the server. */
    attachmentNames(): Record<string, string> {
      return getJson<Record<string, string>>('attachmentNames') ?? {};
    },
    /**
     * Remembers names, keeping the newest MAX_ATTACHMENT_NAMES (insertion order is age).
     * Returns the ones that were new or changed; nothing is written when there are none,
     * so replaying known history costs one read.
     */
    nameAttachments(named: Record<string, string>): Record<string, string> {
      const names = getJson<Record<string, string>>('attachmentNames') ?? {};
      const changed: Record<string, string> = {};
      for (const [url, name] of Object.entries(named)) {
        if (names[url] === name) continue;
        delete names[url];
        names[url] = name;
        changed[url] = name;
      }
      if (Object.keys(changed).length === 0) return changed;
      const keys = Object.keys(names);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_ATTACHMENT_NAMES))) delete names[old];
      setJson('attachmentNames', names);
      return changed;
    },
    /** The server's notification preferences as last received (defaults before the first). */
    preferences(): Preferences {
      return getJson<Preferences>('preferences') ?? DEFAULT_PREFERENCES;
    },
    /**
     * Keeps `next` unless the cache already holds a newer version (a frame and a reply can
     * arrive in either order); returns whether it was stored.
     */
    storePreferences(next: Preferences): boolean {
      return db.transaction(() => {
        const current = getJson<Preferences>('preferences');
        if (current && current.version > next.version) return false;
        if (current && current.version === next.version && current.updated_at === next.updated_at) return false;
        setJson('preferences', next);
        return true;
      })();
    },
    /**
     * Records alert keys atomically and returns those not seen before: the caller
     * raises alerts only for these, so a replayed item can never alert twice.
     */
    claimAlertKeys(keys: string[], at: number): string[] {
      return db.transaction(() => keys.filter((key) => claimStmt.run(key, at).changes > 0))();
    },
  };
}
