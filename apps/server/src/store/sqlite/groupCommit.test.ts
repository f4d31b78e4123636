import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWriteConnection, type Db } from './db.js';
import { applyMigrations, readMigrations } from './migrate.js';
import { createWriteOps } from './writeOps.js';
import { MAX_BATCH, createBatchRunner } from './groupCommit.js';
import { SQLITE_MIGRATIONS_DIR } from '../openStore.js';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { openTestStore, seedUsers, tempDataDir } from './testing.js';
import type { OpRequest } from './writeProtocol.js';

describe('group commit through the writer thread', () => {
  let tmp: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    tmp = tempDataDir();
  });
  afterEach(() => tmp.remove());

  it('commits concurrent writes in fewer transactions than ops, none larger than MAX_BATCH', async () => {
    const store = await openTestStore(tmp.dir);
    try {
      const users = await seedUsers(store, 2);
      const chat = await store.chats.create(null, users);
      const before = store.writerStats();
      const ops = 1500;
      await Promise.all(
        Array.from({ length: ops }, (_, i) =>
          store.messages.append({ chatId: chat.id, senderId: users[i % 2]!, content: `m${i}`, attachment: null, clientId: null }),
        ),
      );
      const after = store.writerStats();
      expect(after.ops - before.ops).toBe(ops);
      expect(after.transactions - before.transactions).toBeLessThan(ops / 10);
      expect(after.maxBatch).toBeGreaterThan(1);
      expect(after.maxBatch).toBeLessThanOrEqual(MAX_BATCH);
    } finally {
      await store.close();
    }
  });

  it('fails only the op that failed; the rest of its batch commits', async () => {
    const store = await openTestStore(tmp.dir);
    try {
      const [a, b] = await seedUsers(store, 2);
      const chat = await store.chats.create(null, [a!, b!]);
      const append = (senderId: number, content: string) =>
        store.messages.append({ chatId: chat.id, senderId, content, attachment: null, clientId: null });
      // Sent in one tick, so they share transactions. The bad ones fail after taking a seq
      // (unknown sender) or on a unique index (taken email); their savepoints must undo that.
      const outcomes = await Promise.allSettled([
        append(a!, 'one'),
        append(424242, 'ghost sender'),
        store.users.create({ email: 'U1@test.local', fullName: 'Dup', passwordHash: 'x' }),
        append(b!, 'two'),
        store.users.create({ email: 'new@test.local', fullName: 'New', passwordHash: 'x' }),
        append(a!, 'three'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'not_found' });
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ name: 'AppError', code: 'conflict', message: 'email already registered' });
      const stored = await store.messages.list(chat.id, { afterSeq: 0, limit: 10 });
      expect(stored.map((m) => [m.seq, m.content])).toEqual([[1, 'one'], [2, 'two'], [3, 'three']]);
      expect(await store.users.byEmail('new@test.local')).not.toBeNull();
      expect(store.writerStats().failedOps).toBe(2);
    } finally {
      await store.close();
    }
  });
});

describe('batch runner (in-thread)', () => {
  let tmp: ReturnType<typeof tempDataDir>;
  let db: Db;
  beforeEach(() => {
    tmp = tempDataDir();
    db = openWriteConnection(join(tmp.dir, 'batch.db'));
    applyMigrations(db, readMigrations(pathToFileURL(SQLITE_MIGRATIONS_DIR)));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('answers every op in order in one transaction and leaves no transaction open', () => {
    const runner = createBatchRunner(db, createWriteOps(db));
    const requests: OpRequest[] = [
      { type: 'op', id: 1, kind: 'user.create', input: { email: 'a@x.org', fullName: 'A', passwordHash: 'h' } },
      { type: 'op', id: 2, kind: 'user.create', input: { email: 'A@X.ORG', fullName: 'A again', passwordHash: 'h' } },
      { type: 'op', id: 3, kind: 'connection.accept', input: { id: 77 } },
      { type: 'op', id: 4, kind: 'user.create', input: { email: 'b@x.org', fullName: 'B', passwordHash: 'h' } },
    ];
    const results = runner.run(requests);
    expect(results.map((r) => [r.id, r.ok ? 'ok' : r.code])).toEqual([[1, 'ok'], [2, 'conflict'], [3, 'not_found'], [4, 'ok']]);
    expect(db.inTransaction).toBe(false);
    expect(runner.stats()).toMatchObject({ transactions: 1, ops: 4, failedOps: 2, maxBatch: 4 });
    expect(db.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(2);
  });

  it('refuses a batch above MAX_BATCH rather than holding the lock longer', () => {
    const runner = createBatchRunner(db, createWriteOps(db));
    const requests: OpRequest[] = Array.from({ length: MAX_BATCH + 1 }, (_, i) => ({
      type: 'op', id: i, kind: 'chat.markRead', input: { chatId: 1, userId: 1, seq: 1 },
    }));
    expect(() => runner.run(requests)).toThrow(/exceeds/);
  });
});
