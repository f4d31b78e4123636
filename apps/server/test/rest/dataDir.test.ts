/**
 * The data directory is private: created 0700/0600, tightened when an older install left
 * it open, and a token-signing secret that other users can read stops the server.
 */
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, makeTempDir, registerUser, spawnServerProcess, startTestServer } from '../harness.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
const modeOf = (path: string) => statSync(path).mode & 0o777;
const sqlite = process.env.PARLEY_TEST_STORE !== 'postgres';

describe('data directory permissions', () => {
  it('creates the data dir, uploads and database private, and uploaded files 0600', async () => {
    const parent = await makeTempDir('parley-modes-');
    dirs.push(parent);
    const dataDir = join(parent, 'fresh');
    const srv = await startTestServer({ dataDir });
    try {
      const user = await registerUser(srv.url, 'Moe');
      const up = await api(srv.url, user.token).request('POST', '/upload', { body: new Uint8Array([1, 2, 3]), headers: { 'content-type': 'image/png', 'x-filename': 'a.png' } });
      expect(up.status).toBe(201);
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, 'uploads'))).toBe(0o700);
      expect(modeOf(join(dataDir, 'uploads', up.body.url.split('/').pop()))).toBe(0o600);
      if (sqlite) {
        expect(modeOf(join(dataDir, 'parley.db'))).toBe(0o600);
        expect(modeOf(join(dataDir, 'parley.db-wal'))).toBe(0o600);
        expect(modeOf(join(dataDir, 'parley-search.db'))).toBe(0o600);
      }
    } finally {
      await srv.close();
    }
  });

  it('tightens an existing world-readable data dir, uploads folder and database', async () => {
    const dataDir = await makeTempDir('parley-modes-');
    dirs.push(dataDir);
    chmodSync(dataDir, 0o755);
    mkdirSync(join(dataDir, 'uploads'), { mode: 0o777 });
    chmodSync(join(dataDir, 'uploads'), 0o777);
    if (sqlite) {
      writeFileSync(join(dataDir, 'parley.db'), '', { mode: 0o644 });
      writeFileSync(join(dataDir, 'parley-search.db'), '', { mode: 0o644 });
    }
    const srv = await startTestServer({ dataDir });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, 'uploads'))).toBe(0o700);
      if (sqlite) {
        expect(modeOf(join(dataDir, 'parley.db'))).toBe(0o600);
        expect(modeOf(join(dataDir, 'parley-search.db'))).toBe(0o600);
      }
      expect((await api(srv.url).get('/healthz')).status).toBe(200);
    } finally {
      await srv.close();
    }
  });

  it('refuses to start with a world-readable jwt-secret, in one clear line', async () => {
    const dataDir = await makeTempDir('parley-modes-');
    dirs.push(dataDir);
    const secret = join(dataDir, 'jwt-secret');
    writeFileSync(secret, 'x'.repeat(40) + '\n');
    chmodSync(secret, 0o644);
    const started = spawnServerProcess(['--port', '0', '--data-dir', dataDir], { timeoutMs: 15_000 });
    await expect(started).rejects.toThrow(/exited \(code 2/);
    const err = await started.catch((e: Error) => e.message);
    const line = /stderr: (.*)/.exec(String(err))?.[1] ?? '';
    expect(line).toBe(`parley-server: refusing to start: ${secret} is readable by other users (mode 0644); run: chmod 600 ${secret}`);
  });
});
