/**
 * Hostile uploads: filling the disk (quotas), reading someone else's files (downloads
 * need a token of the owner or a chat member, or a signed link that expires), attaching
 * a file you only know the name of, and leaving files around without ever sending them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_DEFAULTS } from '../../src/limitsConfig.js';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let eve: TestUser;
let chatId: number;
const KIB = 1024;

beforeAll(async () => {
  srv = await startTestServer({
    resourceLimits: {
      ...LIMIT_DEFAULTS,
      uploadQuotaBytesPerUser: 64 * KIB,
      uploadQuotaBytesTotal: 100 * KIB,
      uploadGraceMs: 1500,
      uploadSweepIntervalMs: 200,
    },
  });
  [ann, ben, eve] = (await Promise.all(['Ann', 'Ben', 'Eve'].map((n) => registerUser(srv.url, n)))) as [TestUser, TestUser, TestUser];
  await connectUsers(srv.url, ann, ben);
  chatId = (await api(srv.url, ann.token).post('/chats', { member_ids: [ben.id] })).body.id;
});
afterAll(async () => {
  await srv?.close();
});

function upload(user: TestUser, bytes: number, filename = 'notes.txt') {
  return api(srv.url, user.token).request('POST', '/upload', {
    body: Buffer.alloc(bytes, 65),
    headers: { 'content-type': 'text/plain', 'x-filename': encodeURIComponent(filename) },
  });
}

const bearer = (user: TestUser) => ({ headers: { authorization: `Bearer ${user.token}` } });

async function send(user: TestUser, attachment: string) {
  return api(srv.url, user.token).post(`/chats/${chatId}/messages`, { content: 'file', attachment });
}

describe('upload quotas', () => {
  it('answers 413 with a clear message once an account keeps its quota, before and after reading the body', async () => {
    const first = await upload(ann, 40 * KIB);
    expect(first.status).toBe(201);
    await send(ann, first.body.url);
    const over = await upload(ann, 30 * KIB);
    expect(over.status).toBe(413);
    expect(over.body.error).toEqual({ code: 'payload_too_large', message: 'upload quota exceeded: you keep 40 KiB of 64 KiB; delete messages with attachments to make room' });
    // Without Content-Length the size is only known at the end: still refused, file gone.
    const chunked = await fetch(`${srv.url}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ann.token}`, 'content-type': 'text/plain' },
      body: new ReadableStream({
        start(c) {
          c.enqueue(new Uint8Array(30 * KIB));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const files = (await import('node:fs')).readdirSync(join(srv.dataDir, 'uploads'));
    expect(files).toHaveLength(1);
    // Ben has his own quota, but the server's total (100 KiB) is shared.
    expect((await upload(ben, 50 * KIB)).status).toBe(201);
    const full = await upload(ben, 14 * KIB);
    expect(full.status).toBe(413);
    expect(full.body.error.message).toMatch(/server's storage for uploads is full/);
  });
});

describe('downloads need authorization', () => {
  it('serves the owner and chat members by token, strangers get 404 and no token 401', async () => {
    const up = await upload(eve, 10, 'eve-secret.txt');
    // Eve's file is in no chat: only Eve may read it.
    expect((await fetch(srv.url + up.body.url, bearer(eve))).status).toBe(200);
    expect((await fetch(srv.url + up.body.url, bearer(ben))).status).toBe(404);
    const anonymous = await fetch(srv.url + up.body.url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('signed link') } });

    const anns = (await api(srv.url, ann.token).get(`/chats/${chatId}/messages`)).body.find((m: { attachment: string | null }) => m.attachment);
    expect((await fetch(srv.url + anns.attachment, bearer(ben))).status).toBe(200);
    expect((await fetch(srv.url + anns.attachment, bearer(eve))).status).toBe(404);
  });

  it('issues signed links with the original name to those who may see the file; tampered or foreign links fail', async () => {
    const message = (await api(srv.url, ben.token).get(`/chats/${chatId}/messages`)).body.find((m: { attachment: string | null }) => m.attachment);
    const name = message.attachment.split('/').pop();
    const link = await api(srv.url, ben.token).get(`/upload/files/${name}/link`);
    expect(link.status).toBe(200);
    expect(link.body).toEqual({ url: expect.stringContaining(`/upload/files/${name}?exp=`), name: 'notes.txt', size: 40 * KIB, content_type: 'text/plain', expires_at: expect.any(String) });
    const viaLink = await fetch(srv.url + link.body.url);
    expect(viaLink.status).toBe(200);
    expect(viaLink.headers.get('content-disposition')).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect((await api(srv.url, eve.token).get(`/upload/files/${name}/link`)).status).toBe(404);

    const url = new URL(srv.url + link.body.url);
    const expired = new URL(url);
    expired.searchParams.set('exp', String(Math.floor(Date.now() / 1000) - 1));
    expect((await fetch(expired)).status).toBe(404);
    const extended = new URL(url);
    extended.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 1));
    expect((await fetch(extended)).status).toBe(404);
    const eves = await upload(eve, 10);
    const moved = `${srv.url}${eves.body.url}?${url.searchParams.toString()}`;
    expect((await fetch(moved)).status).toBe(404);
  });

  it('keeps and cleans the original name: no directories, no bidi tricks', async () => {
    const up = await upload(ben, 10, '../../Report\u202Etxt.exe');
    expect(up.body.name).toBe('Reporttxt.exe');
  });
});

describe('attaching', () => {
  it('refuses a file someone else uploaded that you only know the name of', async () => {
    const eves = await upload(eve, 10);
    const res = await send(ann, eves.body.url);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/file you uploaded/);
  });
});

describe('unattached uploads', () => {
  it('are removed, row and file, after the grace period; attached ones stay', async () => {
    const kept = await upload(ben, 10, 'kept.txt');
    await send(ben, kept.body.url);
    const dropped = await upload(ben, 10, 'dropped.txt');
    const path = (u: string) => join(srv.dataDir, 'uploads', u.split('/').pop()!);
    expect(existsSync(path(dropped.body.url))).toBe(true);
    await expect.poll(() => existsSync(path(dropped.body.url)), { timeout: 6000, interval: 100 }).toBe(false);
    expect((await fetch(srv.url + dropped.body.url, bearer(ben))).status).toBe(404);
    expect((await send(ben, dropped.body.url)).status).toBe(422);
    expect(existsSync(path(kept.body.url))).toBe(true);
    expect((await fetch(srv.url + kept.body.url, bearer(ben))).status).toBe(200);
  });
});
