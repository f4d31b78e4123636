import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, spawnServerProcess } from '../harness.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('parley-server process', () => {
  it('starts on --port 0 with a fresh data dir, creates parley.db and a private jwt-secret, and exits 0 on SIGTERM', async () => {
    const dataDir = await makeTempDir('parley-cli-');
    dirs.push(dataDir);
    const proc = await spawnServerProcess(['--port', '0', '--data-dir', dataDir]);
    try {
      const health = await fetch(`${proc.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(existsSync(join(dataDir, 'parley.db'))).toBe(true);
      expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
      // The listening line is structured JSON.
      const line = proc.stdout().split('\n').find((l) => l.includes('"port"'))!;
      expect(JSON.parse(line)).toMatchObject({ level: 'info', port: proc.port });
    } finally {
      proc.child.kill('SIGTERM');
    }
    const exit = await proc.exited;
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('keeps the generated secret across restarts, so tokens stay valid', async () => {
    const dataDir = await makeTempDir('parley-cli-');
    dirs.push(dataDir);
    const a = await spawnServerProcess(['--port', '0', '--data-dir', dataDir]);
    const reg = await fetch(`${a.url}/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'p@example.test', password: 'password123', full_name: 'P' }) });
    const { access_token } = (await reg.json()) as { access_token: string };
    a.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    const b = await spawnServerProcess(['--port', '0', '--data-dir', dataDir]);
    try {
      const me = await fetch(`${b.url}/users/me`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(me.status).toBe(200);
    } finally {
      b.child.kill('SIGTERM');
      await b.exited;
    }
  });

  it('fails fast with a clear message on bad flags', async () => {
    const err = await spawnServerProcess(['--port', 'eighty'], { timeoutMs: 15_000 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/code 2/);
    expect((err as Error).message).toMatch(/port must be a number/);
  });
});
