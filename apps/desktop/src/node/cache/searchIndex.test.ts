import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSearchQuery, type ChatEvent, type Message } from '@parley/protocol';
import { MIGRATIONS, migrate } from './migrations.js';
import { openStore, type Store } from './store.js';

const ME = 1;
let nextId = 1;
const msg = (chat_id: number, seq: number, content: string, extra: Partial<Message> = {}): Message => ({
  id: nextId++,
  chat_id,
  seq,
  sender_id: 2,
  content,
  attachment: null,
  timestamp: new Date(Date.UTC(2024, 0, seq)).toISOString(),
  ...extra,
});
const event = (chat_id: number, seq: number, rest: Record<string, unknown>) =>
  ({ chat_id, seq, actor_id: 2, timestamp: new Date().toISOString(), ...rest }) as ChatEvent;

describe('cache search index', () => {
  let dir: string;
  let file: string;
  let store: Store;
  const find = (q: string, extra: { chatId?: number; beforeId?: number; limit?: number } = {}) =>
    store.searchMessages(ME, { query: parseSearchQuery(q), limit: 50, ...extra }).map((m) => m.content);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-search-'));
    file = join(dir, 'cache.db');
    store = openStore(file);
    store.upsertUsers([{ id: 1, full_name: 'Me Myself' }, { id: 2, full_name: 'Zoë Adams' }, { id: 3, full_name: 'Bob Brown', email: 'bob@example.test' }]);
    store.upsertChats([
      { id: 5, title: null, member_ids: [1, 2], is_group: false },
      { id: 6, title: 'Design Crew', member_ids: [1, 2, 3], is_group: true },
    ]);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds inserted messages by word prefix and phrase, newest first, and pages by id', () => {
    store.insertMessages(ME, [msg(5, 1, 'Deploy the café service'), msg(5, 2, 'deployment done'), msg(6, 1, 'unrelated')]);
    expect(find('deplo')).toEqual(['deployment done', 'Deploy the café service']);
    expect(find('cafe')).toEqual(['Deploy the café service']);
    expect(find('"the cafe"')).toEqual(['Deploy the café service']);
    expect(find('"cafe the"')).toEqual([]);
    const [newest] = store.searchMessages(ME, { query: parseSearchQuery('deplo'), limit: 1 });
    expect(find('deplo', { beforeId: newest!.id! })).toEqual(['Deploy the café service']);
  });

  it('filters by sender, chat, attachment and date', () => {
    store.insertMessages(ME, [
      msg(5, 1, 'budget one'),
      msg(6, 1, 'budget two', { sender_id: 3, attachment: '/upload/files/abcdefghijklmnop.pdf' }),
      msg(6, 2, 'budget three', { sender_id: ME }),
    ]);
    expect(find('budget from:bob')).toEqual(['budget two']);
    expect(find('budget from:me')).toEqual(['budget three']);
    expect(find('budget from:zoë')).toEqual(['budget one']);
    // Names only, as the server matches them: an email address the cache knows never matches.
    expect(find('budget from:bob@example.test')).toEqual([]);
    expect(find('budget in:design')).toEqual(['budget three', 'budget two']);
    // A 1:1 chat is found by the other member's name.
    expect(find('budget in:adams')).toEqual(['budget one']);
    expect(find('has:file')).toEqual(['budget two']);
    expect(find('budget', { chatId: 5 })).toEqual(['budget one']);
    expect(find('budget before:2024-01-02')).toEqual(['budget two', 'budget one']);
    expect(find('budget after:2024-01-01')).toEqual(['budget three']);
  });

  it('follows edits and tombstones: deleted text is never found again, nor left in the index', () => {
    store.insertMessages(ME, [msg(5, 1, 'okapi secret words')]);
    expect(find('okapi')).toEqual(['okapi secret words']);
    store.applyEvents(ME, [event(5, 2, { type: 'message_edited', target_seq: 1, content: 'zebra plain words', edited_at: new Date().toISOString(), mentions: [1] })]);
    expect(find('okapi')).toEqual([]);
    expect(find('zebra')).toEqual(['zebra plain words']);
    expect(store.message(5, 1)?.mentions).toEqual([1]);
    store.applyEvents(ME, [event(5, 3, { type: 'message_deleted', target_seq: 1 })]);
    expect(find('zebra')).toEqual([]);
    expect(find('words')).toEqual([]);
    expect(store.message(5, 1)?.mentions).toEqual([]);
    store.close();
    const raw = readFileSync(file);
    expect(raw.includes(Buffer.from('zebra'))).toBe(false);
    expect(raw.includes(Buffer.from('okapi'))).toBe(false);
    store = openStore(file);
  });

  it('indexes stored messages later, in chunks, as they are then: edits and deletions before that count', () => {
    const indexed = (word: string) => {
      const raw = new Database(file, { readonly: true });
      try {
        return raw.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').pluck().all(word);
      } finally {
        raw.close();
      }
    };
    const [first, second, third] = [msg(5, 1, 'quokka first'), msg(5, 2, 'quokka second'), msg(5, 3, 'quokka third')];
    store.insertMessages(ME, [first, second, third]);
    expect(store.searchBacklog()).toBe(3);
    expect(indexed('quokka')).toEqual([]);
    store.applyEvents(ME, [
      event(5, 4, { type: 'message_edited', target_seq: 1, content: 'numbat first', edited_at: new Date().toISOString() }),
      event(5, 5, { type: 'message_deleted', target_seq: 2 }),
    ]);
    expect(store.searchBacklog()).toBe(2);
    expect(store.indexSearchBacklog(1)).toBe(1);
    expect(store.indexSearchBacklog()).toBe(0);
    expect(indexed('quokka')).toEqual([third.id]);
    expect(indexed('numbat')).toEqual([first.id]);
    // A search never waits for the worker: what is still queued is indexed first.
    store.insertMessages(ME, [msg(5, 6, 'quokka fourth')]);
    expect(find('quokka')).toEqual(['quokka fourth', 'quokka third']);
    expect(store.searchBacklog()).toBe(0);
  });

  it('keeps mentions from frames and REST rows', () => {
    store.applyEvents(ME, [event(5, 1, { type: 'new_message', message_id: 900, sender_id: 2, content: '@Me hi', attachment: null, reply_to_seq: null, mentions: [ME] })]);
    store.insertMessages(ME, [msg(5, 2, 'plain', { mentions: [] })]);
    expect(store.message(5, 1)?.mentions).toEqual([ME]);
    expect(store.message(5, 2)?.mentions).toEqual([]);
  });

  it('answers hostile queries without SQL errors', () => {
    store.insertMessages(ME, [msg(5, 1, 'tapir "quoted" NEAR(x) a*b')]);
    for (const q of ['")*(', "'; DROP TABLE messages; --", 'NEAR(tapir quoted)', 'tapir*', '^tapir', 'col:x', '"', 'tapir "unterminated']) {
      expect(() => find(q), q).not.toThrow();
    }
    expect(find('NEAR tapir')).toHaveLength(1);
  });

  it('wipe empties the index too, and the cache opens again without migrating twice', () => {
    store.insertMessages(ME, [msg(5, 1, 'wombat')]);
    store.wipe();
    expect(find('wombat')).toEqual([]);
    store.close();
    const raw = new Database(file);
    expect(raw.prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'wombat'").pluck().get()).toBe(0);
    raw.close();
    store = openStore(file);
    store.upsertChats([{ id: 5, title: null, member_ids: [1, 2] }]);
    store.insertMessages(ME, [msg(5, 1, 'wombat again')]);
    expect(find('wombat')).toEqual(['wombat again']);
  });
});

describe('cache migrations', () => {
  it('upgrades a cache made before search (user_version 2) and indexes its messages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
    try {
      const db = new Database(join(dir, 'old.db'));
      db.exec(MIGRATIONS.get(1)!);
      db.exec(MIGRATIONS.get(2)!);
      db.pragma('user_version = 2');
      db.prepare(`INSERT INTO messages (chat_id, seq, id, sender_id, content, timestamp) VALUES (5, 1, 77, 2, 'legacy aardvark', 'x')`).run();
      expect(migrate(db)).toBe(Math.max(...MIGRATIONS.keys()));
      expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'aardv*'").pluck().all()).toEqual([77]);
      // Applied once: a second run changes nothing.
      migrate(db);
      expect(db.prepare('SELECT version FROM cache_migrations ORDER BY version').pluck().all()).toEqual([...MIGRATIONS.keys()].sort((a, b) => a - b));
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
