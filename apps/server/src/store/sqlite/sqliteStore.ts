/**
 * The SQLite Store: a writer thread for every write (group commit, synchronous=FULL)
 * and a read-only connection on the calling thread for reads.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../observability/log.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Store } from '../types.js';
import { openReadConnection } from './db.js';
import { createContext } from './context.js';
import { WriterClient } from './writerClient.js';
import { createUserStore } from './userStore.js';
import { createConnectionStore } from './connectionStore.js';
import { createChatStore } from './chatStore.js';
import { createMessageStore } from './messageStore.js';
import { createPostStore } from './postStore.js';
import { createPreferencesStore } from './preferencesStore.js';
import { createUploadStore } from './uploadStore.js';
import { createBlockStore } from './blockStore.js';
import { createInviteStore, createSessionStore } from './accountStore.js';
import type { WriterStats } from './writeProtocol.js';
import { SearchIndexClient } from './searchIndex/indexClient.js';

export const SQLITE_FILE_NAME = 'parley.db';
/** The message search index: derived from parley.db, rebuilt from it when missing. */
export const SEARCH_INDEX_FILE_NAME = 'parley-search.db';

export interface SqliteStoreOptions {
  dataDir: string;
  /** Directory holding `NNN-what-it-does.sql`; see openStore for how it is located. */
  migrationsDir: string;
  log: Logger;
  metrics: Metrics;
}

export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  readonly file: string;
  /** Counters from the writer thread (transactions vs. ops shows group commit at work). */
  writerStats(): WriterStats;
  /** The writer-thread client, for supervision (and tests that must kill the thread). */
  readonly writer: WriterClient;
  /** The search indexer's client (tests kill its thread to check the restart). */
  readonly searchIndex: SearchIndexClient;
}

export async function openSqliteStore(opts: SqliteStoreOptions): Promise<SqliteStore> {
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, SQLITE_FILE_NAME);
  // The writer creates and migrates the file before the read connection opens it.
  const { writer, applied } = await WriterClient.start({ file, migrationsDir: opts.migrationsDir, log: opts.log });
  if (applied.length > 0) opts.log.info({ file, applied }, 'Applied SQLite migrations');
  let read;
  try {
    read = openReadConnection(file);
  } catch (err) {
    await writer.close();
    throw err;
  }
  // After the migrations: the indexer reads the messages table. Not awaited (see SearchIndexClient).
  const searchIndex = new SearchIndexClient({ mainFile: file, indexFile: join(opts.dataDir, SEARCH_INDEX_FILE_NAME), log: opts.log });
  const ctx = createContext(read, writer, opts.metrics);
  let closing: Promise<void> | null = null;

  return {
    kind: 'sqlite',
    file,
    writer,
    searchIndex,
    users: createUserStore(ctx),
    connections: createConnectionStore(ctx),
    chats: createChatStore(ctx),
    messages: createMessageStore(ctx, searchIndex),
    posts: createPostStore(ctx),
    preferences: createPreferencesStore(ctx),
    uploads: createUploadStore(ctx),
    blocks: createBlockStore(ctx),
    sessions: createSessionStore(ctx),
    invites: createInviteStore(ctx),
    health: () => writer.health(),
    writerStats: () => writer.stats(),
    close() {
      closing ??= (async () => {
        // Writes first: the indexer's last batch then sees the final state.
        await writer.close();
        await searchIndex.close();
        read.close();
      })();
      return closing;
    },
  };
}
