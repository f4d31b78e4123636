/**
 * The main-side uploader against the real server: the bytes stream to POST /upload in
 * chunks with progress that only grows and ends at the size, the stored file equals what
 * was sent, the server's refusals (413 size, 415 type) come back as clear codes, and a
 * cancel stops it. Then the same through the bridge, as the composer uses it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@parley/protocol';
import { UPLOAD_CHUNK_BYTES, uploadFile, UploadError } from '../src/node/upload/uploader.js';
import { openDesktop, type TestDesktop } from './desktop.js';
import { register, type Peer } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let ada: Peer;

beforeAll(async () => {
  server = await ServerProcess.start();
  ada = await register(server.url, 'Ada');
});
afterAll(async () => {
  await server.dispose();
});

/** Files are served to their owner (or a chat member) with a token, or to anyone with a signed link. */
async function download(url: string, token: string | null = ada.token): Promise<Buffer> {
  const res = await fetch(new URL(url, server.url), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('uploadFile', () => {
  it('streams the bytes with monotonic progress, and the server stores exactly them', async () => {
    const bytes = new Uint8Array(randomBytes(5 * UPLOAD_CHUNK_BYTES + 123));
    const progress: number[] = [];
    const result = await uploadFile({
      serverUrl: server.url,
      token: ada.token,
      name: 'Quarterly report (final).pdf',
      type: 'application/pdf',
      bytes,
      onProgress: (sent, total) => {
        expect(total).toBe(bytes.length);
        progress.push(sent);
      },
    });
    expect(result).toMatchObject({ size: bytes.length, content_type: 'application/pdf' });
    expect(result.url).toMatch(/^\/upload\/files\/[A-Za-z0-9_-]+\.pdf$/);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(bytes.length);
    expect(progress.length).toBeGreaterThanOrEqual(6);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!).toBeGreaterThan(progress[i - 1]!);
    expect((await download(result.url)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a type the server refuses is unsupported_media_type (415), with the file named', async () => {
    const err = await uploadFile({ serverUrl: server.url, token: ada.token, name: 'tool.exe', type: 'application/x-msdownload', bytes: new Uint8Array(1000) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadError);
    expect(err).toMatchObject({ code: 'unsupported_media_type', status: 415 });
    expect((err as Error).message).toContain('tool.exe');
  });

  it('a file over the size limit is payload_too_large (413), even though the server stops reading early', async () => {
    const bytes = new Uint8Array(LIMITS.maxUploadBytes + UPLOAD_CHUNK_BYTES);
    // Through the test relay, which drops both sides the moment one closes: without
    // `Expect: 100-continue` the 413 would be lost to the reset about half the time.
    const err = await uploadFile({ serverUrl: server.url, token: ada.token, name: 'huge.txt', type: 'text/plain', bytes }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect((err as Error).message).toContain('huge.txt');
  });

  it('a bad token is the server\'s own code (401 unauthorized)', async () => {
    const err = await uploadFile({ serverUrl: server.url, token: 'nope', name: 'a.txt', type: 'text/plain', bytes: new Uint8Array(10) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('cancelling stops it with `cancelled`', async () => {
    const abort = new AbortController();
    const bytes = new Uint8Array(LIMITS.maxUploadBytes - 1);
    const err = await uploadFile({
      serverUrl: server.url,
      token: ada.token,
      name: 'big.txt',
      type: 'text/plain',
      bytes,
      signal: abort.signal,
      onProgress: (sent) => {
        if (sent > 0) abort.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled' });
  });
});

describe('upload through the bridge', () => {
  let desk: TestDesktop;
  beforeAll(async () => {
    desk = await openDesktop({ serverUrl: server.url });
    await desk.call('session.register', { email: `up-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Uma' });
  });
  afterAll(async () => {
    await desk?.dispose();
  });

  it('reports progress for its id and keeps the original name for the message', async () => {
    const events: { uploadId: string; sent: number; total: number }[] = [];
    desk.core.events.on('upload.progress', (e) => void events.push(e));
    const bytes = new Uint8Array(randomBytes(3 * UPLOAD_CHUNK_BYTES));
    const result = await desk.call('upload.file', { uploadId: 'u-1', name: 'Notes – März.txt', type: 'text/plain', bytes });
    expect(result.name).toBe('Notes – März.txt');
    expect(events.every((e) => e.uploadId === 'u-1' && e.total === bytes.length)).toBe(true);
    expect(events.at(-1)?.sent).toBe(bytes.length);
    expect(events.map((e) => e.sent)).toEqual([...events.map((e) => e.sent)].sort((a, b) => a - b));
    expect((await desk.call('app.snapshot', {})).attachmentNames?.[result.url]).toBe('Notes – März.txt');
    // Uploaded by the desktop's user, not Ada: the signed link in the answer opens it.
    expect((await download(result.download_url!, null)).equals(Buffer.from(bytes))).toBe(true);
    expect((await download(result.url, desk.core.ctx.session.accessToken)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('upload.cancel stops a running upload; its call fails with `cancelled`', async () => {
    const off = desk.core.events.on('upload.progress', (e) => {
      if (e.uploadId === 'u-2' && e.sent > 0) void desk.call('upload.cancel', { uploadId: 'u-2' });
    });
    const bytes = new Uint8Array(LIMITS.maxUploadBytes - 1);
    await expect(desk.call('upload.file', { uploadId: 'u-2', name: 'big.txt', type: 'text/plain', bytes })).rejects.toMatchObject({ code: 'cancelled' });
    off();
  });

  it('refusals keep their code across the bridge', async () => {
    await expect(desk.call('upload.file', { uploadId: 'u-3', name: 'x.bin', type: 'application/x-evil', bytes: new Uint8Array(4) })).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });

  it('signing out stops an upload in flight', async () => {
    let logout: Promise<unknown> | null = null;
    const off = desk.core.events.on('upload.progress', (e) => {
      if (e.uploadId === 'u-4' && e.sent > 0) logout ??= desk.call('session.logout', {});
    });
    const bytes = new Uint8Array(LIMITS.maxUploadBytes - 1);
    await expect(desk.call('upload.file', { uploadId: 'u-4', name: 'big.txt', type: 'text/plain', bytes })).rejects.toMatchObject({ code: 'cancelled' });
    off();
    // The sign-out itself finishes before the desktop is closed.
    expect(await logout).toBeNull();
  });
});
