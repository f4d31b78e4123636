/**
 * Desktop core benchmark (prints figures, asserts nothing):
 *  1. cold start with 100,000 cached messages and the server unreachable: time until
 *     the first snapshot and the newest page of a chat are ready;
 *  2. catch-up of 10,000 messages missed while closed, against the real server: time
 *     from start to the last one committed, and the main thread's worst event-loop
 *     stall meanwhile (perf_hooks.monitorEventLoopDelay).
 * Run: npm run bench -w @parley/desktop
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Message } from '@parley/protocol';
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

function seedCache(dir: string): void {
  const store = openStore(join(dir, 'cache.sqlite'));
  const me = 1;
  store.setJson('session', { user: { id: me, full_name: 'Me', email: 'me@example.test' }, serverUrl: 'http://127.0.0.1:9' });
  store.setJson('cacheOwner', me);
  const perChat = COLD_MESSAGES / COLD_CHATS;
  store.upsertChats(Array.from({ length: COLD_CHATS }, (_, i) => ({ id: i + 1, title: `Chat ${i + 1}`, member_ids: [1, 2], last_message: null, unread_count: 0, last_seq: perChat, read_seq: perChat - 10 })));
  for (let chat = 1; chat <= COLD_CHATS; chat++) {
    const batch: Message[] = [];
    for (let seq = 1; seq <= perChat; seq++) {
      batch.push({ id: chat * 1_000_000 + seq, chat_id: chat, seq, sender_id: seq % 3 === 0 ? me : 2, content: `message ${seq} of chat ${chat}`, attachment: null, timestamp: new Date(1_700_000_000_000 + seq * 1000).toISOString() });
    }
    store.insertMessages(me, batch);
  }
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
    await core.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function catchUp(): Promise<void> {
  const server = await ServerProcess.start();
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-catchup-'));
  let core: Core | null = null;
  try {
    const open = () => createCore({ dataDir: dir, secrets: new FileSecretStore(join(dir, 'token')), serverUrl: server.url });
    core = await open();
    const session = await core.handlers['session.register']({ email: `bench-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Bench' });
    const me: Peer = { id: session.user.id, token: core.ctx.session.accessToken as string, email: '', password: '', full_name: 'Bench' };
    const peers = await Promise.all(Array.from({ length: SENDERS }, (_, i) => register(server.url, `Sender${i}`)));
    for (const p of peers) await connect(server.url, p, me);
    const chat = await core.handlers['chats.create']({ member_ids: peers.map((p) => p.id), title: 'Bench' });
    const c1 = core;
    await eventually(async () => (await c1.ctx.cache.cursors()).some((c) => c.chatId === chat.id), 15_000, 'chat known');
    await core.close();
    core = null;

    const tSend = performance.now();
    await Promise.all(peers.map((p, i) => blast(server.url, p, chat.id, MISSED / SENDERS, `s${i}`)));
    console.log(`catch-up: ${MISSED.toLocaleString()} messages from ${SENDERS} senders written while the desktop was closed (${ms(performance.now() - tSend)})`);

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
    histogram.disable();
    console.log(`  online after ${ms(online)}; all ${MISSED.toLocaleString()} committed (cursor = ${MISSED}) after ${ms(done)} (${Math.round(MISSED / (done / 1000)).toLocaleString()} msg/s; ${committed.toLocaleString()} rows announced to the UI)`);
    console.log(`  main-thread event-loop delay during catch-up: max ${ms(histogram.max / 1e6)}, p99 ${ms(histogram.percentile(99) / 1e6)}, mean ${ms(histogram.mean / 1e6)}`);
  } finally {
    await core?.close();
    await server.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

await coldStart();
await catchUp();
process.exit(0);
