/**
 * The desktop's refresh path against a real server (issue 12): main keeps the refresh
 * token beside the access token, rotates it, renews on a 401 from REST and on a 401 at
 * the socket upgrade, and signs out cleanly — with the reason — when the server ends
 * the session (refresh token reuse elsewhere, sign out everywhere, deactivation).
 */
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvents } from '../src/common/bridge.js';
import { parseStoredTokens } from '../src/node/session/session.js';
import { openDesktop, type TestDesktop } from './desktop.js';
import { eventually, rest } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

const serverMain = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));
const password = 'correct horse battery';
let server: ServerProcess;
const desktops: TestDesktop[] = [];
let n = 0;

beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => {
  for (const d of desktops) await d.dispose();
  await server.dispose();
});

async function signedInDesktop(dataDir?: string): Promise<{ desk: TestDesktop; email: string; ended: BridgeEvents['session.ended'][] }> {
  const desk = await openDesktop({ serverUrl: server.url, ...(dataDir ? { dataDir } : {}) });
  desktops.push(desk);
  const ended: BridgeEvents['session.ended'][] = [];
  desk.core.events.on('session.ended', (e) => ended.push(e));
  const email = `acct-${process.pid}-${++n}@example.test`;
  await desk.call('session.register', { email, password, full_name: `Acct ${n}` });
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online');
  return { desk, email, ended };
}

const stored = async (desk: TestDesktop) => parseStoredTokens(await readFile(join(desk.dataDir, 'token'), 'utf8'));

describe('desktop sessions', () => {
  it('keeps both tokens, rotates the refresh token, and lists this device by name', async () => {
    const { desk } = await signedInDesktop();
    const first = await stored(desk);
    expect(first.refresh).toMatch(/^prt_/);
    expect(await desk.core.ctx.session.refresh()).toBe(true);
    const second = await stored(desk);
    expect(second.refresh).not.toBe(first.refresh);
    expect(second.access).toBe(desk.core.ctx.session.accessToken);
    const sessions = await desk.call('account.sessions', {});
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ current: true, device_name: expect.stringMatching(/^Parley desktop on /) });
  });

  it('renews on a 401 from REST and retries the call', async () => {
    const { desk } = await signedInDesktop();
    const before = await stored(desk);
    // Stand in for an access token that expired while the laptop slept.
    (desk.core.ctx.session as unknown as { token: string }).token = 'expired.access.token';
    expect(await desk.call('account.sessions', {})).toHaveLength(1);
    expect((await stored(desk)).refresh).not.toBe(before.refresh);
  });

  it('renews on a 401 for the streamed upload and the synced preferences, and retries them', async () => {
    const { desk } = await signedInDesktop();
    const expire = () => ((desk.core.ctx.session as unknown as { token: string }).token = 'expired.access.token');
    expire();
    const bytes = new TextEncoder().encode('sent after a renewal');
    const uploaded = await desk.call('upload.file', { uploadId: 'renewed', name: 'notes.txt', type: 'text/plain', bytes });
    expect(uploaded).toMatchObject({ size: bytes.length, name: 'notes.txt' });
    expect(desk.core.ctx.session.accessToken).not.toBe('expired.access.token');
    expire();
    const settings = await desk.call('preferences.update', { privacy: 'sender' });
    expect(settings.preferences.privacy).toBe('sender');
    expect(desk.core.ctx.session.current).not.toBeNull();
  });

  it('after a restart with a refused access token, renews at the socket’s 401 and goes online', async () => {
    const { desk } = await signedInDesktop();
    const tokens = await stored(desk);
    await desk.close();
    await writeFile(join(desk.dataDir, 'token'), JSON.stringify({ access_token: 'not.a.token', refresh_token: tokens.refresh }));
    const again = await openDesktop({ serverUrl: server.url, dataDir: desk.dataDir });
    desktops.push(again);
    await eventually(() => again.core.ctx.socket.isOnline, 10_000, 'online after renewal');
    expect((await stored(again)).refresh).not.toBe(tokens.refresh);
    expect(again.core.ctx.session.current).not.toBeNull();
  });

  it('keeps a short-lived token fresh: refreshes on schedule and redials when the socket outlives its token', async () => {
    const short = await ServerProcess.start({ args: ['--access-token-ttl', '6'] });
    try {
      const desk = await openDesktop({ serverUrl: short.url });
      desktops.push(desk);
      const ended: BridgeEvents['session.ended'][] = [];
      desk.core.events.on('session.ended', (e) => ended.push(e));
      await desk.call('session.register', { email: `short-${process.pid}@example.test`, password, full_name: 'Short' });
      await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online');
      const first = await stored(desk);
      // Past the first token's expiry the server has closed its socket (4500): the desktop
      // must have redialled with the refreshed token, without signing out.
      await new Promise((r) => setTimeout(r, 8000));
      await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online again');
      expect(desk.core.ctx.session.current).not.toBeNull();
      expect(ended).toEqual([]);
      expect((await stored(desk)).refresh).not.toBe(first.refresh);
      expect(desk.states.some((s) => s.state.state !== 'online' && s.at > Date.now() - 9000)).toBe(true);
      expect(await desk.call('account.sessions', {})).toHaveLength(1);
    } finally {
      await short.dispose();
    }
  });

  it('signs out with a reason when a copy of its old refresh token is replayed elsewhere', async () => {
    const { desk, ended } = await signedInDesktop();
    const stolen = (await stored(desk)).refresh!;
    expect(await desk.core.ctx.session.refresh()).toBe(true);
    // The thief's replay revokes the session; the server closes the desktop's socket (4500),
    // the desktop's own refresh is refused, and it signs out.
    await expect(rest(server.url, 'POST', '/auth/refresh', undefined, { refresh_token: stolen })).rejects.toThrow(/401/);
    await eventually(() => ended.length > 0, 10_000, 'signed out');
    expect(desk.core.ctx.session.current).toBeNull();
    expect(ended).toEqual([{ reason: 'revoked', message: expect.stringMatching(/signed out/) }]);
    const snap = await desk.call('app.snapshot', {});
    expect(snap.connection).toEqual({ state: 'signed_out' });
  });

  it('"Sign out everywhere" ends every session, this desktop and another', async () => {
    const { desk, email } = await signedInDesktop();
    const other = await openDesktop({ serverUrl: server.url });
    desktops.push(other);
    const otherEnded: BridgeEvents['session.ended'][] = [];
    other.core.events.on('session.ended', (e) => otherEnded.push(e));
    await other.call('session.login', { email, password });
    await eventually(() => other.core.ctx.socket.isOnline, 10_000, 'other online');
    expect(await desk.call('account.sessions', {})).toHaveLength(2);
    await desk.call('account.logoutAll', {});
    expect((await desk.call('app.snapshot', {})).session).toBeNull();
    await eventually(() => otherEnded.length > 0, 10_000, 'other signed out');
    expect(other.core.ctx.session.current).toBeNull();
    expect(otherEnded.map((e) => e.reason)).toEqual(['revoked']);
  });

  it('signs out with "deactivated" when an administrator deactivates the account (close code 4501)', async () => {
    const { desk, email, ended } = await signedInDesktop();
    const admin = spawnSync(process.execPath, ['--import', 'tsx', serverMain, 'admin', 'create-admin', '--email', `root-${process.pid}@example.test`, '--password', 'admin password 1', '--data-dir', server.dataDir], { encoding: 'utf8' });
    expect(admin.status, admin.stderr).toBe(0);
    const login = await rest<{ access_token: string }>(server.url, 'POST', '/auth/login', undefined, { email: `root-${process.pid}@example.test`, password: 'admin password 1' });
    const me = desk.core.ctx.session.userId!;
    await rest(server.url, 'POST', `/admin/users/${me}/deactivate`, login.access_token);
    await eventually(() => ended.length > 0, 10_000, 'signed out');
    expect(desk.core.ctx.session.current).toBeNull();
    expect(ended).toEqual([{ reason: 'deactivated', message: expect.stringMatching(/deactivated/) }]);
    const denied = await desk.call('session.login', { email, password }).catch((e: { code: string }) => e.code);
    expect(denied).toBe('forbidden');
  });
});
