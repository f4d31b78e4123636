/**
 * Several nodes on one database: two PostgreSQL stores, each with its own pool, stand
 * for two server processes. Everything here must hold without the nodes talking to
 * each other.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { seedUsers } from '../contract/storeContract.js';
import type { PostgresStore } from './postgresStore.js';
import { createTestDatabase, openTestStore, type TestDatabase } from './testing.js';

let db: TestDatabase;
let nodeA: PostgresStore;
let nodeB: PostgresStore;
let users: number[];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  await db.truncate();
  [nodeA, nodeB] = await Promise.all([openTestStore(db.url), openTestStore(db.url)]);
  users = await seedUsers(nodeA, 3);
});
afterEach(async () => {
  await Promise.all([nodeA.close(), nodeB.close()]);
});

const append = (node: PostgresStore, chatId: number, senderId: number, content: string, clientId: string | null = null) =>
  node.messages.append({ chatId, senderId, content, attachment: null, clientId });

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Polls until a session of this database waits on a lock while running `fragment`. */
async function waitUntilBlocked(fragment: string): Promise<void> {
  for (let attempt = 0; attempt < 250; attempt++) {
    const blocked = await db.admin(async (c) => (await c.query(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
      [fragment],
    )).rowCount);
    if (blocked) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no session blocked on a lock while running ${fragment}`);
}

/** Another node caught mid-append: its transaction has appended but not committed. */
async function heldAppend(chatId: number, senderId: number, clientId: string) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('BEGIN');
  const { rows: [row] } = await client.query<{ id: string; seq: string }>(
    'SELECT id, seq FROM append_message($1, $2, $3, NULL, $4, NULL)',
    [chatId, senderId, 'winner', clientId],
  );
  return {
    message: { id: Number(row!.id), seq: Number(row!.seq) },
    async finish(commit: boolean) {
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      await client.end();
    },
  };
}

describe('two nodes on one database', () => {
  it('give contiguous seqs 1..n with no duplicates to concurrent appends into the same chats', async () => {
    const chats = await Promise.all([0, 1, 2, 3].map(() => nodeA.chats.create(null, users)));
    const perNode = 600;
    const sends = (node: PostgresStore, tag: string) =>
      range(perNode).map((i) => append(node, chats[i % chats.length]!.id, users[i % users.length]!, `${tag}${i}`));
    const [fromA, fromB] = await Promise.all([Promise.all(sends(nodeA, 'a')), Promise.all(sends(nodeB, 'b'))]);

    const total = (perNode * 2) / chats.length;
    for (const chat of chats) {
      const inChat = (results: typeof fromA) => results.filter((r) => r.message.chat_id === chat.id).map((r) => r.message.seq);
      expect([...inChat(fromA), ...inChat(fromB)].sort((x, y) => x - y)).toEqual(range(total));
      // Each node's appends to a chat keep the order that node made them in.
      for (const seqs of [inChat(fromA), inChat(fromB)]) expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(await nodeB.messages.lastSeq(chat.id)).toBe(total);
      const stored = await nodeB.messages.list(chat.id, { afterSeq: 0, limit: 1000 });
      expect(stored.map((m) => m.seq)).toEqual(range(total));
    }
  });

  it('store one message when both nodes send the same client_id at once, and both callers get it', async () => {
    const [one, two] = await Promise.all([nodeA.chats.create(null, users), nodeA.chats.create(null, users)]);
    const rounds = 60;
    for (let i = 0; i < rounds; i++) {
      // Even rounds race in one chat (the chat lock orders them), odd rounds across two
      // chats (only the unique index does).
      const [chatA, chatB] = i % 2 === 0 ? [one.id, one.id] : [one.id, two.id];
      const [a, b] = await Promise.all([
        append(nodeA, chatA, users[0]!, `race ${i} via A`, `race-${i}`),
        append(nodeB, chatB, users[0]!, `race ${i} via B`, `race-${i}`),
      ]);
      expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
      expect(a.message).toEqual(b.message);
    }
    const stored = [
      ...(await nodeA.messages.list(one.id, { afterSeq: 0, limit: 1000 })),
      ...(await nodeA.messages.list(two.id, { afterSeq: 0, limit: 1000 })),
    ];
    expect(stored).toHaveLength(rounds);
    expect(new Set(stored.map((m) => m.client_id)).size).toBe(rounds);
    // The losers' seq increments were rolled back: no chat has a gap.
    for (const chat of [one, two]) {
      const seqs = stored.filter((m) => m.chat_id === chat.id).map((m) => m.seq);
      expect(seqs).toEqual(range(seqs.length));
      expect(await nodeB.messages.lastSeq(chat.id)).toBe(seqs.length);
    }
  });

  it('make the loser of a client_id race wait for the winner, return its row, and burn no seq', async () => {
    const [mine, other] = await Promise.all([nodeA.chats.create(null, users), nodeA.chats.create(null, users)]);
    for (const winnerChat of [other.id, mine.id]) {
      const clientId = `held-in-${winnerChat === mine.id ? 'same' : 'other'}-chat`;
      const lastSeqBefore = await nodeA.messages.lastSeq(mine.id);
      const held = await heldAppend(winnerChat, users[1]!, clientId);
      const loser = append(nodeB, mine.id, users[1]!, 'loser', clientId);
      await waitUntilBlocked('append_message');
      await held.finish(true);
      const result = await loser;
      expect(result.created).toBe(false);
      expect(result.message).toMatchObject({ id: held.message.id, chat_id: winnerChat, seq: held.message.seq, content: 'winner' });
      const expectedLast = winnerChat === mine.id ? lastSeqBefore + 1 : lastSeqBefore;
      expect(await nodeA.messages.lastSeq(mine.id)).toBe(expectedLast);
      const next = await append(nodeA, mine.id, users[1]!, 'next');
      expect(next.message.seq).toBe(expectedLast + 1);
    }
  });

  it('let the waiting append win when the other node rolls back', async () => {
    const [mine, other] = await Promise.all([nodeA.chats.create(null, users), nodeA.chats.create(null, users)]);
    const held = await heldAppend(other.id, users[2]!, 'rolled-back');
    const waiting = append(nodeB, mine.id, users[2]!, 'survivor', 'rolled-back');
    await waitUntilBlocked('append_message');
    await held.finish(false);
    const result = await waiting;
    expect(result).toMatchObject({ created: true, message: { chat_id: mine.id, seq: 1, content: 'survivor' } });
    expect(await nodeA.messages.lastSeq(other.id)).toBe(0);
  });

  it('keep one connection row per pair when both sides ask from different nodes at once', async () => {
    const more = [...users, ...(await Promise.all(range(3).map((i) =>
      nodeB.users.create({ email: `extra${i}@test.local`, fullName: `Extra ${i}`, passwordHash: 'x' }),
    ))).map((u) => u.id)];
    const pairs = more.flatMap((x, i) => more.slice(i + 1).map((y) => [x, y] as const));
    const results = await Promise.all(pairs.map(([x, y]) => Promise.all([nodeA.connections.create(x, y), nodeB.connections.create(y, x)])));
    for (const [first, second] of results) {
      expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
      expect(first.connection).toEqual(second.connection);
    }
    const count = await db.admin(async (c) => (await c.query('SELECT count(*)::int AS n FROM connections')).rows[0].n as number);
    expect(count).toBe(pairs.length);
  });
});
