import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { get, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, connectUsers, registerUser, startTestServer, type TestServer, type TestUser } from '../harness.js';

/** Downloads need the owner's (or a chat member's) token; these tests fetch as the owner. */
const asAnn = () => ({ headers: { authorization: `Bearer ${ann.token}` } });

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
const MAX = 4 * 1024 * 1024;
beforeAll(async () => {
  // A smaller cap keeps the over-size tests quick; the default (10 MiB) is checked in config tests.
  srv = await startTestServer({ maxUploadBytes: MAX });
  ann = await registerUser(srv.url, 'Ann');
  ben = await registerUser(srv.url, 'Ben');
});
afterAll(async () => {
  await srv?.close();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1b2e0a50000000049454e44ae426082', 'hex');

function upload(token: string, body: Buffer | string, contentType: string, filename = 'pic.png') {
  return api(srv.url, token).request('POST', '/upload', { body, headers: { 'content-type': contentType, 'x-filename': filename } });
}

/** Sends `total` bytes chunked (no Content-Length) and reports the status, however the server ends it. */
function chunkedUpload(token: string, total: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request(`${srv.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png', 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => resolve(`error: ${(err as NodeJS.ErrnoException).code}`));
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 1);
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('POST /upload', () => {
  it('stores the bytes and serves them back with safe headers', async () => {
    const res = await upload(ann.token, PNG, 'image/png');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      url: expect.stringMatching(/^\/upload\/files\/[A-Za-z0-9_-]{24}\.png$/),
      size: PNG.length,
      content_type: 'image/png',
      name: 'pic.png',
      download_url: expect.stringMatching(/^\/upload\/files\/[A-Za-z0-9_-]{24}\.png\?exp=\d+&sig=[A-Za-z0-9_-]{43}$/),
    });
    // The signed link works without a token (what an <img> tag needs).
    const file = await fetch(srv.url + res.body.download_url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('serves non-images as attachments, and a file larger than one chunk intact', async () => {
    const text = 'line\n'.repeat(12_000);
    const res = await upload(ann.token, text, 'text/plain; charset=utf-8', 'notes.txt');
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/\.txt$/);
    const file = await fetch(srv.url + res.body.url, asAnn());
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="notes.txt"/);
    expect(await file.text()).toBe(text);
  });

  it('round-trips a multi-megabyte file byte for byte (streamed both ways)', async () => {
    const data = randomBytes(MAX - 1000);
    const res = await upload(ann.token, data, 'application/zip', 'big.zip');
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(data.length);
    const file = await fetch(srv.url + res.body.url, asAnn());
    expect(file.headers.get('content-length')).toBe(String(data.length));
    const got = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('serves a reader that pauses mid-download without losing bytes', async () => {
    const data = randomBytes(MAX - 10);
    const { url } = (await upload(ann.token, data, 'application/zip', 'slow.zip')).body;
    const got = await new Promise<Buffer>((resolve, reject) => {
      get(srv.url + url, asAnn(), (res) => {
        const parts: Buffer[] = [];
        res.pause();
        // The server's socket buffer fills while we do not read, forcing it to wait for writability.
        setTimeout(() => res.resume(), 300);
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
        res.on('error', reject);
      }).on('error', reject);
    });
    expect(got.equals(data)).toBe(true);
  });

  it('names are random: the same bytes twice get two names', async () => {
    const a = await upload(ann.token, PNG, 'image/png');
    const b = await upload(ann.token, PNG, 'image/png');
    expect(a.body.url).not.toBe(b.body.url);
  });

  it('answers 415 for types not on the list and 401 without a token', async () => {
    const res = await upload(ann.token, '<html></html>', 'text/html');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    expect((await upload(ann.token, 'x', '')).status).toBe(415);
    expect((await api(srv.url).request('POST', '/upload', { body: PNG, headers: { 'content-type': 'image/png' } })).status).toBe(401);
  });

  it('answers 413 past the cap, with Content-Length and without it, and keeps no partial file', async () => {
    const big = await upload(ann.token, Buffer.alloc(MAX + 1), 'image/png');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    expect(await chunkedUpload(ann.token, MAX * 2)).toBe(413);
    // Exactly at the cap is fine.
    expect((await upload(ann.token, Buffer.alloc(MAX, 7), 'image/png')).status).toBe(201);
    // The 413 goes out the moment the cap is crossed; the partial file goes right after.
    await vi.waitFor(async () => expect((await readdir(join(srv.dataDir, 'uploads'))).filter((n) => n.endsWith('.part'))).toEqual([]), { timeout: 5000 });
  });

  it('rejects an empty upload', async () => {
    expect((await upload(ann.token, '', 'image/png')).status).toBe(422);
  });

  it('uploaded files can be attached to messages', async () => {
    await connectUsers(srv.url, ann, ben);
    const chat = await api(srv.url, ann.token).post('/chats', { member_ids: [ben.id] });
    const up = await upload(ann.token, PNG, 'image/png');
    const msg = await api(srv.url, ann.token).post(`/chats/${chat.body.id}/messages`, { content: '', attachment: up.body.url });
    expect(msg.status).toBe(201);
    expect(msg.body.attachment).toBe(up.body.url);
  });
});

describe('GET /upload/files/:name', () => {
  it.each([
    '/upload/files/..%2f..%2fetc%2fpasswd',
    '/upload/files/..%2F..%2Fjwt-secret',
    '/upload/files/%2e%2e%2fjwt-secret',
    '/upload/files/..\\..\\jwt-secret',
    '/upload/files/.%2e/parley.db',
    '/upload/files/AAAAAAAAAAAAAAAAAAAAAAAA.png',
    '/upload/files/AAAAAAAAAAAAAAAAAAAAAAAA.exe',
    '/upload/files/jwt-secret',
    '/upload/files/',
  ])('never serves anything outside uploads: %s', async (path) => {
    const res = await fetch(srv.url + path);
    expect([400, 404]).toContain(res.status);
    const body = await res.text();
    expect(body).not.toContain(srv.config.jwtSecret);
    expect(body).not.toContain('root:');
    expect(body).not.toContain('SQLite');
  });

  it('does not serve partial uploads', async () => {
    const res = await fetch(`${srv.url}/upload/files/.AAAAAAAAAAAAAAAAAAAAAAAA.png.part`);
    expect(res.status).toBe(404);
  });
});
