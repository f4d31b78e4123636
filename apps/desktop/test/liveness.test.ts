import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CoreOptions } from '../src/node/app/core.js';
import { openDesktop, type TestDesktop } from './desktop.js';
import { eventually } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
const desks: TestDesktop[] = [];

beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => {
  for (const d of desks) await d.dispose();
  await server.dispose();
});

async function signedIn(socket?: CoreOptions['socket']): Promise<TestDesktop> {
  const desk = await openDesktop({ serverUrl: server.url, ...(socket ? { socket } : {}) });
  desks.push(desk);
  await desk.call('session.register', { email: `me-${Date.now()}-${desks.length}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'online');
  return desk;
}

it('detects a frozen server by the missing pong and reconnects when it thaws', async () => {
  const desk = await signedIn({ heartbeatIntervalMs: 300, heartbeatTimeoutMs: 300 });
  server.freeze();
  try {
    const t0 = Date.now();
    await eventually(() => !desk.core.ctx.socket.isOnline, 3_000, 'dead socket detected');
    expect(Date.now() - t0).toBeLessThan(1_500);
  } finally {
    server.thaw();
  }
  await eventually(() => desk.core.ctx.socket.isOnline, 15_000, 'online after thaw');
});

it('retries at once on resume from sleep instead of waiting out the backoff', async () => {
  const desk = await signedIn({ random: () => 0.5 });
  await server.kill();
  await eventually(() => desk.states.some((s) => s.state.state === 'reconnecting' && s.state.attempt === 3), 10_000, 'deep in backoff');
  await server.start();
  const state = desk.core.ctx.socket.state;
  const nextRetryAt = state.state === 'reconnecting' ? state.nextRetryAt : 0;
  const resumedAt = Date.now();
  desk.core.resume();
  await eventually(() => desk.core.ctx.socket.isOnline, 3_000, 'online after resume');
  expect(Date.now()).toBeLessThan(nextRetryAt);
  expect(Date.now() - resumedAt).toBeLessThan(1_500);
});

it('after resume, does not trust an open socket until a ping is answered', async () => {
  const desk = await signedIn();
  server.freeze();
  try {
    desk.core.resume();
    // Untrusted: not online, and nothing is sent on it.
    expect(desk.core.ctx.socket.state.state).toBe('connecting');
    expect(desk.core.ctx.socket.send({ type: 'ping' })).toBe(false);
    const sent = await desk.call('messages.send', { chatId: 999, content: 'held' });
    expect(sent.state).toBe('pending');
  } finally {
    setTimeout(() => server.thaw(), 300);
  }
  // The pong arrives once the server runs again: the same socket is trusted again.
  await eventually(() => desk.core.ctx.socket.isOnline, 10_000, 'trusted after pong');
});

it('after resume, drops an open socket that does not answer and dials again at once', async () => {
  const desk = await signedIn();
  server.freeze();
  const resumedAt = Date.now();
  try {
    desk.core.resume();
    // The probe waits 5 s for a pong, then the socket is dropped and redialled with no backoff wait.
    await eventually(() => desk.states.filter((s) => s.at >= resumedAt && s.state.state === 'connecting').length >= 2, 8_000, 'redial after failed probe');
  } finally {
    server.thaw();
  }
  const after = desk.states.filter((s) => s.at >= resumedAt).map((s) => s.state.state);
  expect(after.slice(0, 2)).toEqual(['connecting', 'connecting']);
  expect(after).not.toContain('reconnecting');
  await eventually(() => desk.core.ctx.socket.isOnline, 12_000, 'online after thaw');
});

it('signs out, without retrying, when the server rejects the stored token', async () => {
  const desk = await signedIn();
  const dataDir = desk.dataDir;
  await desk.close();
  await writeFile(join(dataDir, 'token'), 'not-a-valid-token');
  const again = await openDesktop({ dataDir, serverUrl: server.url });
  desks.push(again);
  await eventually(() => again.core.ctx.session.current === null, 10_000, 'signed out');
  expect(again.core.ctx.socket.state).toEqual({ state: 'signed_out' });
  await new Promise((r) => setTimeout(r, 1_500));
  expect(again.states.filter((s) => s.state.state === 'connecting')).toHaveLength(1);
});
