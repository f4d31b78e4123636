/**
 * The search index on real files: a store writes messages, edits and deletions through
 * its writer thread; the indexer (driven here by hand, batch by batch) follows them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadConnection, openSearchIndexConnection, type Db } from '../db.js';
import { openTestStore, seedUsers, tempDataDir } from '../testing.js';
import type { SqliteStore } from '../sqliteStore.js';
import { createSearchIndexer, prepareIndex, type SearchIndexer } from './indexer.js';

const DAY = 86_400_000;
let tmp: ReturnType<typeof tempDataDir>;
let store: SqliteStore;
let main: Db;
let index: Db;
let chatId: number;
let alice: number;
const indexFile = () => join(tmp.dir, 'test-index.db');

beforeEach(async () => {
  tmp = tempDataDir();
  store = await openTestStore(tmp.dir);
  [alice] = (await seedUsers(store, 1)) as [number];
  chatId = (await store.chats.create('notes', [alice])).id;
  main = openReadConnection(store.file);
  index = openSearchIndexConnection(indexFile());
});
afterEach(async () => {
  index.close();
  main.close();
  await store.close();
  tmp.remove();
});

const say = async (content: string) => (await store.messages.append({ chatId, senderId: alice, content, attachment: null, clientId: null })).message;
const edit = (seq: number, content: string) => store.messages.appendEvent({ chatId, actorId: alice, change: { type: 'message_edited', targetSeq: seq, content, editWindowMs: DAY } });
const remove = (seq: number) => store.messages.appendEvent({ chatId, actorId: alice, change: { type: 'message_deleted', targetSeq: seq } });
/** Message ids whose indexed tokens match `query`, newest first. */
const found = (query: string) => index.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC').pluck().all(query);

function indexAll(indexer: SearchIndexer): number {
  let batches = 0;
  while (indexer.indexBatch(2).rows > 0) batches++;
  return batches;
}

describe('search indexer', () => {
  it('indexes messages in batches from its cursor, follows edits and forgets deletions', async () => {
    prepareIndex(index, main);
    const indexer = createSearchIndexer(index, main);
    const first = await say('the quick café');
    const second = await say('lazy dogs sleep');
    const third = await say('a third message');
    expect(indexer.latestId()).toBe(third.id);
    expect(indexAll(indexer)).toBe(2); // 3 rows, 2 per batch
    expect(indexer.cursor()).toBe(third.id);
    expect(found('cafe')).toEqual([first.id]);

    await edit(first.seq, 'the slow tea');
    await remove(second.seq);
    expect(found('cafe')).toEqual([first.id]); // not yet seen
    indexAll(indexer);
    expect(found('cafe')).toEqual([]);
    expect(found('tea')).toEqual([first.id]);
    expect(found('dogs')).toEqual([]);
    expect(indexer.cursor()).toBe(indexer.latestId());
    expect(indexer.indexBatch().rows).toBe(0);
  });

  it('indexes a message edited or deleted before it was first read in its current state only', async () => {
    prepareIndex(index, main);
    const indexer = createSearchIndexer(index, main);
    const edited = await say('original words');
    await edit(edited.seq, 'replacement words');
    const deleted = await say('vanishing words');
    await remove(deleted.seq);
    indexAll(indexer);
    expect(found('words')).toEqual([edited.id]);
    expect(found('original')).toEqual([]);
    expect(found('vanishing')).toEqual([]);
  });

  it('keeps its cursor across reopening, and starts over when the database is older than the index', async () => {
    prepareIndex(index, main);
    await say('kept across restarts');
    indexAll(createSearchIndexer(index, main));
    expect(prepareIndex(index, main)).toBeNull();
    const reopened = createSearchIndexer(index, main);
    expect(reopened.cursor()).toBe(reopened.latestId());

    // As if parley.db had been restored from a backup taken before the index's last batch.
    index.prepare("UPDATE index_state SET value = value + 100 WHERE key = 'cursor'").run();
    expect(prepareIndex(index, main)).toMatch(/has seen message \d+ but the newest is \d+/);
    const rebuilt = createSearchIndexer(index, main);
    expect(rebuilt.cursor()).toBe(0);
    indexAll(rebuilt);
    expect(found('restarts')).toHaveLength(1);
  });

  it('starts over when the index is in another format', async () => {
    prepareIndex(index, main);
    await say('formats change');
    indexAll(createSearchIndexer(index, main));
    index.prepare("UPDATE index_state SET value = 0 WHERE key = 'format'").run();
    expect(prepareIndex(index, main)).toBe('index format 0 is not 1');
    expect(found('formats')).toEqual([]);
    indexAll(createSearchIndexer(index, main));
    expect(found('formats')).toHaveLength(1);
  });

  it('removes a deleted message\'s tokens from the index file and its WAL', async () => {
    prepareIndex(index, main);
    const indexer = createSearchIndexer(index, main);
    const token = 'qzxvtokenqzxv';
    const filesHolding = () => readdirSync(tmp.dir)
      .filter((name) => name.startsWith('test-index.db'))
      .filter((name) => readFileSync(join(tmp.dir, name)).includes(Buffer.from(token)));
    const secret = await say(`meet at ${token}`);
    await say('something else entirely');
    indexAll(indexer);
    expect(filesHolding()).not.toEqual([]); // the check below can see the token
    await remove(secret.seq);
    const batch = indexer.indexBatch();
    expect(batch.removed).toBe(true);
    indexer.scrubWal();
    expect(found(token)).toEqual([]);
    expect(filesHolding()).toEqual([]);
  });
});
