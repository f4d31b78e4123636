/**
 * The cache as one object of synchronous methods over one better-sqlite3 connection.
 * It runs inside the cache worker (cacheWorker.ts); the main thread reaches it only
 * through CacheClient, whose type is derived from this one.
 */
import Database from 'better-sqlite3';
import { createKvRepo } from './kvRepo.js';
import { createMessagesRepo } from './messagesRepo.js';
import { MIGRATIONS_TABLE, migrate } from './migrations.js';
import { clearSearchIndex } from './searchIndex.js';
import { createSocialRepo } from './socialRepo.js';

/** `nativeBinding`: an addon path to load instead of node_modules' (the Electron build in development). */
export function openStore(file: string, nativeBinding: string | null = null) {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  // WAL: readers never block the writer and a crash loses at most the last transaction.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted and edited-away message text must not linger in free pages of the file.
  db.pragma('secure_delete = ON');
  migrate(db);
  const store = {
    ...createKvRepo(db),
    ...createMessagesRepo(db),
    ...createSocialRepo(db),
    /** Forgets everything (sign-out, or a different account signing in). */
    wipe(): void {
      // Ordinary tables only: a virtual table's shadow tables belong to it (the search
      // index is emptied through its own command), and the migration record must
      // survive or the next start would migrate again.
      const tables = db
        .prepare<[string], { name: string }>("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> ?")
        .all(MIGRATIONS_TABLE);
      db.transaction(() => {
        tables.forEach((t) => db.exec(`DELETE FROM "${t.name}"`));
        clearSearchIndex(db);
      })();
    },
    close(): void {
      db.close();
    },
  };
  return store;
}

export type Store = ReturnType<typeof openStore>;
export type StoreMethod = keyof Store;
