/**
 * The domain over a real SQLite store in a temp dir: which events are published, to
 * whom they point, and the rules the REST tests cannot observe directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type ServerConfig } from '../config.js';
import { createLogger } from '../observability/log.js';
import { createMetrics } from '../observability/metrics.js';
import { openStore } from '../store/openStore.js';
import type { Store } from '../store/types.js';
import { createDomain } from './createDomain.js';
import type { Domain } from './domain.js';
import { AppError } from './errors.js';
import type { DomainEvent } from './events.js';

let dir: string;
let store: Store;
let domain: Domain;
let config: ServerConfig;
const events: DomainEvent[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-domain-'));
  config = loadConfig(['--data-dir', dir, '--log-level', 'silent'], {});
  const log = createLogger(config);
  store = await openStore({ dataDir: dir, storeUrl: 'sqlite', log, metrics: createMetrics() });
  domain = await createDomain({ store, events: { publish: (e) => events.push(e) }, config, log });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  events.length = 0;
});

const client = { ip: '127.0.0.1', userAgent: 'vitest' };
let n = 0;
async function user(name: string): Promise<number> {
  n += 1;
  const res = await domain.auth.register({ email: `d${n}@example.test`, password: 'password123', full_name: name }, client);
  return res.user.id;
}

async function connected(a: number, b: number): Promise<void> {
  const c = await domain.connections.request(a, b);
  await domain.connections.accept(b, c.id);
}

describe('domain', () => {
  it('stores argon2id hashes, never the password', async () => {
    const id = await user('Hash');
    const row = await store.users.byId(id);
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain('password123');
  });

  it('verifyToken is synchronous and returns the user and session ids', async () => {
    const res = await domain.auth.register({ email: 'sync@example.test', password: 'password123', full_name: 'Sync' }, client);
    expect(domain.auth.verifyToken(res.access_token)).toMatchObject({ userId: res.user.id, sessionId: res.session_id });
    expect(() => domain.auth.verifyToken('x')).toThrow(AppError);
  });

  it('publishes connection_requested once and connection_accepted with both names', async () => {
    const a = await user('Ann');
    const b = await user('Ben');
    const c = await domain.connections.request(a, b);
    await domain.connections.request(a, b);
    expect(events).toEqual([{ kind: 'connection_requested', connection: c, fromUserName: 'Ann' }]);
    events.length = 0;
    await domain.connections.accept(b, c.id);
    await domain.connections.accept(b, c.id);
    expect(events).toEqual([{ kind: 'connection_accepted', connection: expect.objectContaining({ id: c.id, status: 'accepted' }), fromUserName: 'Ann', toUserName: 'Ben' }]);
    expect(await domain.connections.acceptedPeerIds(a)).toEqual([b]);
  });

  it('publishes message_created only for a newly stored message, with all member ids', async () => {
    const a = await user('A');
    const b = await user('B');
    await connected(a, b);
    const { chat } = await domain.chats.create(a, [b]);
    expect(events.at(-1)).toEqual({ kind: 'chat_created', chatId: chat.id, title: chat.title, memberIds: expect.arrayContaining([a, b]), isGroup: false, adminIds: [] });
    events.length = 0;
    const first = await domain.messages.send(a, chat.id, { content: 'hi', clientId: 'k1' });
    const again = await domain.messages.send(a, chat.id, { content: 'hi', clientId: 'k1' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ message: first.message, created: false });
    expect(events).toEqual([{ kind: 'message_created', message: first.message, memberIds: expect.arrayContaining([a, b]) }]);
  });

  it('marks over-long content so the gateway can answer too_long', async () => {
    const a = await user('A');
    const b = await user('B');
    await connected(a, b);
    const { chat } = await domain.chats.create(a, [b]);
    const err = await domain.messages.send(a, chat.id, { content: 'z'.repeat(config.maxContentChars + 1) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details?.reason).toBe('too_long');
    expect(events.filter((e) => e.kind === 'message_created')).toEqual([]);
  });

  it('typing goes to members only, and non-members are refused', async () => {
    const a = await user('A');
    const b = await user('B');
    const c = await user('C');
    await connected(a, b);
    const { chat } = await domain.chats.create(a, [b]);
    await domain.messages.typing(b, chat.id, true);
    expect(events.at(-1)).toEqual({ kind: 'typing', chatId: chat.id, userId: b, isTyping: true, memberIds: expect.arrayContaining([a, b]) });
    await expect(domain.messages.typing(c, chat.id, true)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(domain.chats.assertMember(chat.id, c)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(domain.chats.assertMember(999_999, a)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('comment and reaction events name the actor and the post author', async () => {
    const author = await user('Author');
    const fan = await user('Fan');
    const post = await domain.posts.create(author, 'hello feed');
    expect(events).toEqual([{ kind: 'post_created', post: expect.objectContaining({ id: post.id, userId: author, content: 'hello feed' }) }]);
    events.length = 0;
    const comment = await domain.posts.comment(fan, post.id, 'great');
    await domain.posts.react(fan, post.id, 'like');
    expect(events).toEqual([
      { kind: 'comment_created', comment: expect.objectContaining({ id: comment.id, postId: post.id, userId: fan }), postAuthorId: author, actorName: 'Fan' },
      { kind: 'reaction_created', postId: post.id, postAuthorId: author, userId: fan, actorName: 'Fan', reaction: 'like' },
    ]);
  });

  it('rate-limits chat messages per user past the burst with retryAfterMs', async () => {
    const a = await user('Chatty');
    const b = await user('Quiet');
    await connected(a, b);
    const { chat } = await domain.chats.create(a, [b]);
    const burst = config.rateLimits.messageBurst;
    const results = await Promise.allSettled(Array.from({ length: burst + 10 }, (_, i) => domain.messages.send(a, chat.id, { content: `m${i}` })));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(10);
    const reason = (refused[0] as PromiseRejectedResult).reason as AppError;
    expect(reason.code).toBe('rate_limited');
    expect(reason.details?.retryAfterMs).toBeGreaterThan(0);
    // The other member is not affected.
    await expect(domain.messages.send(b, chat.id, { content: 'still fine' })).resolves.toMatchObject({ created: true });
  });
});
