/**
 * Append throughput with many concurrent writers on two nodes, printed, never asserted
 * (figures depend on the machine); correctness is asserted. Run on its own to read the
 * figures: npx vitest run --project server apps/server/src/store/postgres/throughput
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUsers } from '../contract/storeContract.js';
import type { PostgresStore } from './postgresStore.js';
import { createTestDatabase, openTestStore, type TestDatabase } from './testing.js';

let db: TestDatabase;
let nodes: PostgresStore[];

beforeAll(async () => {
  db = await createTestDatabase();
  nodes = await Promise.all([openTestStore(db.url), openTestStore(db.url)]);
});
afterAll(async () => {
  await Promise.all((nodes ?? []).map((node) => node.close()));
  await db?.drop();
});

/** Sends `total` appends at once, alternating nodes; returns the seqs per chat and messages per second. */
async function burst(tag: string, chatIds: number[], senders: number[], total: number) {
  const startedAt = performance.now();
  const results = await Promise.all(
    Array.from({ length: total }, (_, i) =>
      nodes[i % nodes.length]!.messages.append({
        chatId: chatIds[i % chatIds.length]!,
        senderId: senders[i % senders.length]!,
        content: `message ${i}`,
        attachment: null,
        clientId: `${tag}-${i}`,
      }),
    ),
  );
  const seconds = (performance.now() - startedAt) / 1000;
  const seqs = new Map<number, number[]>();
  for (const { message } of results) seqs.set(message.chat_id, [...(seqs.get(message.chat_id) ?? []), message.seq]);
  return { seqs, perSecond: Math.round(total / seconds), seconds };
}

describe('append throughput on two nodes', () => {
  it('spread over 100 chats, and into one hot chat', async () => {
    const senders = await seedUsers(nodes[0]!, 10);
    const chats = await Promise.all(Array.from({ length: 101 }, () => nodes[0]!.chats.create(null, senders)));
    const spread = chats.slice(0, 100).map((c) => c.id);
    const hot = chats[100]!.id;

    const many = await burst('spread', spread, senders, 20_000);
    for (const seqs of many.seqs.values()) expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const one = await burst('hot', [hot], senders, 2_000);
    expect(one.seqs.get(hot)!.sort((a, b) => a - b)).toEqual(Array.from({ length: 2_000 }, (_, i) => i + 1));

    console.log(
      `PostgreSQL appends, 2 nodes × ${10} connections: ` +
      `100 chats: 20000 in ${many.seconds.toFixed(2)} s = ${many.perSecond}/s; ` +
      `1 hot chat: 2000 in ${one.seconds.toFixed(2)} s = ${one.perSecond}/s`,
    );
  });
});
