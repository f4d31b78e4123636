/**
 * Desktop core benchmark (prints figures, asserts nothing):
 *  1. cold start with 100,000 cached messages and the server unreachable: time until
 *     the first snapshot and the newest page of a chat are ready;
 *  2. catch-up of 10,000 messages missed while closed, against the real server: time
 *     from start to the last one committed, and the main thread's worst event-loop
 *     stall meanwhile (perf_hooks.monitorEventLoopDelay);
 *  3. search over those 100,000 cached messages (issue 14): latency of typical queries
 *     through the cache worker, p50/p95, and the cost of a deletion purging the index;
 *  4. what indexing adds: the cache's commit path alone (in process, pages of 200 and 50;
 *     wall time and CPU time, which a busy machine disturbs less), the deferred indexing
 *     of what those commits queued, and the catch-up of (2) again with the search index
 *     replaced by a plain table.
 * Run: npm run bench:desktop (or npm run bench -w @parley/desktop)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { parseSearchQuery, type ChatEvent, type Message } from '@parley/protocol';
import { createCore, type Core } from '../src/node/app/core.js';
import { openStore } from '../src/node/cache/store.js';
import { FileSecretStore } from '../src/node/session/secretStore.js';
import { blast, connect, eventually, register, type Peer } from '../test/fixtures.js';
import { ServerProcess } from '../test/serverProcess.js';

const COLD_MESSAGES = 100_000;
const COLD_CHATS = 20;
const MISSED = 10_000;
const SENDERS = 50;

const ms = (n: number) => `${n.toFixed(1)} ms`;

/**
 * Message text with the shape of real chat: words drawn from a 3,000-word vocabulary with
 * a Zipf-like skew (a few words everywhere, most rare), 4–20 words a message. Seeded, so
 * every run indexes the same text.
 */
const VOCABULARY = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}${'nrstl'[(i * 7) % 5]}`);
function textMaker(seed = 42) {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return () => Array.from({ length: 4 + Math.floor(random() * 17) }, () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)]).join(' ');
}

function seedCache(dir: string): void {
  const store = openStore(join(dir, 'cache.sqlite'));
  const me = 1;
  store.setJson('session', { user: { id: me, full_name: 'Me', email: 'me@example.test' }, serverUrl: 'http://127.0.0.1:9' });
  store.setJson('cacheOwner', me);
  const perChat = COLD_MESSAGES / COLD_CHATS;
  const text = textMaker();
  store.upsertChats(Array.from({ length: COLD_CHATS }, (_, i) => ({ id: i + 1, title: `Chat ${i + 1}`, member_ids: [1, 2], last_message: null, unread_count: 0, last_seq: perChat, read_seq: perChat - 10 })));
  for (let chat = 1; chat <= COLD_CHATS; chat++) {
    const batch: Message[] = [];
    for (let seq = 1; seq <= perChat; seq++) {
      batch.push({ id: chat * 1_000_000 + seq, chat_id: chat, seq, sender_id: seq % 3 === 0 ? me : 2, content: text(), attachment: seq % 50 === 0 ? '/upload/files/benchattachment0000.pdf' : null, timestamp: new Date(1_700_000_000_000 + seq * 1000).toISOString() });
    }
    store.insertMessages(me, batch);
  }
  // A cache that grew over time was indexed as it grew (the worker does it between requests).
  store.indexSearchBacklog();
  store.close();
}

async function coldStart(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-cold-'));
  try {
    const t0 = performance.now();
    seedCache(dir);
    const seeded = performance.now() - t0;
    await writeFile(join(dir, 'token'), 'cached-token');
    const start = performance.now();
    const core = await createCore({ dataDir: dir, secrets: new FileSecretStore(join(dir, 'token')) });
    const opened = performance.now() - start;
    const snapshot = await core.handlers['app.snapshot'](undefined);
    const snapped = performance.now() - start;
    const page = await core.handlers['messages.list']({ chatId: 1, limit: 50 });
    const paged = performance.now() - start;
    console.log(`cold start, ${COLD_MESSAGES.toLocaleString()} cached messages in ${COLD_CHATS} chats (seeded in ${ms(seeded)}), server unreachable:`);
    console.log(`  core ready (worker + migrations + session) ${ms(opened)}`);
    console.log(`  first snapshot (${snapshot.chats.length} chats, ${snapshot.chats.reduce((n, c) => n + c.unread_count, 0)} unread) ${ms(snapped)}`);
    console.log(`  newest page of a chat (${page.length} messages) ${ms(paged)}`);
    await searchFigures(core);
    await core.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Query latency over the seeded cache, through the worker as the app calls it. */
async function searchFigures(core: Core): Promise<void> {
  const me = 1;
  const shapes = [
    (i: number) => VOCABULARY[i % 20]!, // very common word
    (i: number) => VOCABULARY[200 + (i % 500)]!, // mid-frequency word
    (i: number) => VOCABULARY[2000 + (i % 900)]!, // rare word
    (i: number) => VOCABULARY[i % 40]!.slice(0, 3), // a prefix being typed
    (i: number) => `${VOCABULARY[i % 30]} ${VOCABULARY[100 + (i % 300)]}`, // two words
    (i: number) => `"${VOCABULARY[i % 10]} ${VOCABULARY[(i + 1) % 10]}"`, // a phrase
    (i: number) => `${VOCABULARY[50 + (i % 200)]} from:me`, // word + sender
    (i: number) => `${VOCABULARY[50 + (i % 200)]} in:chat`, // word + chat title
    () => 'has:file', // filter only
    (i: number) => `${VOCABULARY[i % 100]} after:2023-11-15 before:2023-11-16`, // word + dates
  ];
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < 400; i++) {
    const query = parseSearchQuery(shapes[i % shapes.length]!(i));
    const t = performance.now();
    hits += (await core.ctx.cache.searchMessages(me, { query, limit: 30, ...(i % 7 === 0 ? { chatId: 1 + (i % COLD_CHATS) } : {}) })).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`search over ${COLD_MESSAGES.toLocaleString()} cached messages, ${times.length} queries of ${shapes.length} shapes (first page of 30, via the cache worker):`);
  console.log(`  p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(times.at(-1) ?? 0)} (${(hits / times.length).toFixed(1)} hits per query on average)`);
  const tombstone = { type: 'message_deleted', chat_id: 1, seq: 999_999, actor_id: 2, timestamp: new Date().toISOString(), target_seq: 10 } as ChatEvent;
  const t = performance.now();
  await core.ctx.cache.applyEvents(me, [tombstone]);
  console.log(`  a deletion (tombstone, index purge of deleted entries, WAL checkpoint) ${ms(performance.now() - t)}`);
}

/**
 * Replaces the search index of a cache with a plain table that takes the same writes (the
 * deferred copy of each message's text, no tokenizing, no inverted index): the baseline
 * for what indexing adds. The baseline keeps the backlog of ids a commit appends, so the
 * commit-path overhead printed leaves that append out (it is also the only index work
 * left on the commit path).
 */
function withoutSearchIndex(cacheFile: string): void {
  const db = new Database(cacheFile);
  db.exec('DROP TABLE messages_fts; CREATE TABLE messages_fts (content TEXT)');
  db.close();
}

/**
 * The cache's commit path alone, in process: 10,000 chat-like messages stored in pages of
 * `page` (REST backfill uses 200; live and resumed frames come in smaller groups), with the
 * index and with the plain-table baseline, then what the worker does later: indexing the
 * queued messages in chunks of 2,000. Three rounds each: best wall time (as before) and
 * median CPU time (less disturbed by other processes).
 */
async function commitPath(page: number): Promise<void> {
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const run = async (indexed: boolean) => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-bench-commit-'));
    try {
      const file = join(dir, 'cache.sqlite');
      openStore(file).close();
      if (!indexed) withoutSearchIndex(file);
      const store = openStore(file);
      store.upsertChats([{ id: 1, title: 'Bench', member_ids: [1, 2] }]);
      const text = textMaker(11);
      const rows: Message[] = Array.from({ length: MISSED }, (_, i) => ({ id: i + 1, chat_id: 1, seq: i + 1, sender_id: 2, content: text(), attachment: null, timestamp: new Date().toISOString() }));
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < rows.length; i += page) store.insertMessages(1, rows.slice(i, i + page));
      const commit = { wall: performance.now() - t, cpu: cpuMs(cpu) };
      const laterCpu = process.cpuUsage();
      const later = performance.now();
      while (store.indexSearchBacklog(2000) > 0);
      const deferred = { wall: performance.now() - later, cpu: cpuMs(laterCpu) };
      store.close();
      return { commit, deferred };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const withIndex: Awaited<ReturnType<typeof run>>[] = [];
  const without: Awaited<ReturnType<typeof run>>[] = [];
  for (let round = 0; round < 3; round++) {
    withIndex.push(await run(true));
    without.push(await run(false));
  }
  const best = (xs: number[]) => Math.min(...xs);
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1] ?? 0;
  const more = (x: number, y: number) => `${(((x - y) / y) * 100).toFixed(1)}%`;
  const a = best(withIndex.map((r) => r.commit.wall));
  const b = best(without.map((r) => r.commit.wall));
  const ac = median(withIndex.map((r) => r.commit.cpu));
  const bc = median(without.map((r) => r.commit.cpu));
  const dw = best(withIndex.map((r) => r.deferred.wall));
  const dc = median(withIndex.map((r) => r.deferred.cpu));
  console.log(`cache commit of ${MISSED.toLocaleString()} messages in pages of ${page}: wall (best of 3) ${ms(a)} with the index, ${ms(b)} without → ${more(a, b)} more; CPU (median) ${ms(ac)} vs ${ms(bc)} → ${more(ac, bc)} more`);
  console.log(`  then indexing them in chunks of 2,000 (the worker, between requests): wall ${ms(dw)}, CPU ${ms(dc)}; commit + indexing CPU → ${more(ac + dc, bc)} more`);
}

/** Time to the last message committed, and (with the index) to the last one indexed too. */
async function catchUp(indexed: boolean): Promise<{ committed: number; searchable: number }> {
  const server = await ServerProcess.start();
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-catchup-'));
  let core: Core | null = null;
  try {
    const open = () => createCore({ dataDir: dir, secrets: new FileSecretStore(join(dir, 'token')), serverUrl: server.url });
    core = await open();
    const session = await core.handlers['session.register']({ email: `bench-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Bench' });
    const me: Peer = { id: session.user.id, token: core.ctx.session.accessToken as string, email: '', password: '', full_name: 'Bench' };
    // One at a time: the server runs at most 2 password hashes with 32 queued and refuses the rest.
    const peers: Peer[] = [];
    for (let i = 0; i < SENDERS; i++) peers.push(await register(server.url, `Sender${i}`));
    for (const p of peers) await connect(server.url, p, me);
    const chat = await core.handlers['chats.create']({ member_ids: peers.map((p) => p.id), title: 'Bench' });
    const c1 = core;
    await eventually(async () => (await c1.ctx.cache.cursors()).some((c) => c.chatId === chat.id), 15_000, 'chat known');
    await core.close();
    core = null;
    if (!indexed) withoutSearchIndex(join(dir, 'cache.sqlite'));

    const tSend = performance.now();
    // Chat-like text (not "s3 17"), so the index has real words to take in.
    const text = textMaker(7);
    await Promise.all(peers.map((p, i) => blast(server.url, p, chat.id, MISSED / SENDERS, `s${i}`, 40, () => text())));
    console.log(`catch-up${indexed ? '' : ' without the search index'}: ${MISSED.toLocaleString()} messages from ${SENDERS} senders written while the desktop was closed (${ms(performance.now() - tSend)})`);

    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const start = performance.now();
    core = await open();
    const c2 = core;
    let online = 0;
    c2.events.on('connection.changed', (s) => {
      if (s.state === 'online' && !online) online = performance.now() - start;
    });
    let committed = 0;
    c2.events.on('messages.upserted', (m) => void (committed += m.length));
    await eventually(async () => (await c2.ctx.cache.cursors()).find((c) => c.chatId === chat.id)?.seq === MISSED, 120_000, 'caught up');
    const done = performance.now() - start;
    // With the index, a message is searchable once indexed (a search would index it first anyway).
    if (indexed) await eventually(async () => (await c2.ctx.cache.searchBacklog()) === 0, 60_000, 'indexed');
    const searchable = performance.now() - start;
    histogram.disable();
    console.log(`  online after ${ms(online)}; all ${MISSED.toLocaleString()} committed (cursor = ${MISSED}) after ${ms(done)} (${Math.round(MISSED / (done / 1000)).toLocaleString()} msg/s; ${committed.toLocaleString()} rows announced to the UI)`);
    if (indexed) console.log(`  all indexed for search after ${ms(searchable)}`);
    console.log(`  main-thread event-loop delay during catch-up: max ${ms(histogram.max / 1e6)}, p99 ${ms(histogram.percentile(99) / 1e6)}, mean ${ms(histogram.mean / 1e6)}`);
    return { committed: done, searchable };
  } finally {
    await core?.close();
    await server.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

await coldStart();
await commitPath(200);
await commitPath(50);
// Alternating runs, best of two each: a shared 2-core machine is noisy.
const indexed: { committed: number; searchable: number }[] = [];
const plain: number[] = [];
for (let round = 0; round < 2; round++) {
  indexed.push(await catchUp(true));
  plain.push((await catchUp(false)).committed);
}
const best = (runs: number[]) => Math.min(...runs);
const base = best(plain);
const versus = (x: number) => `${ms(x)} → ${(((x - base) / base) * 100).toFixed(1)}% more`;
console.log(
  `search indexing during the ${MISSED.toLocaleString()}-message catch-up (best of ${indexed.length}), ${ms(base)} without the index: ` +
    `all committed ${versus(best(indexed.map((r) => r.committed)))}; all indexed ${versus(best(indexed.map((r) => r.searchable)))}`,
);
process.exit(0);
