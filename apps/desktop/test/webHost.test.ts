import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeWire, encodeWire, WEB_BRIDGE_PATH, type WebBridgeHostMessage } from '../src/common/webBridgeWire.js';
import { startWebHost, type WebHost } from '../src/web-host/host.js';
import { makeDataDir } from './desktop.js';
import { connect, createChat, eventually, register, say } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let host: WebHost;

beforeAll(async () => {
  server = await ServerProcess.start();
  const dataDir = await makeDataDir();
  const rendererDir = join(dataDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
  host = await startWebHost({ dataDir, serverUrl: server.url, rendererDir });
});
afterAll(async () => {
  await host?.close();
  await server.dispose();
});

function bridgeClient(origin = host.url) {
  const ws = new WebSocket(`${host.url.replace('http', 'ws')}${WEB_BRIDGE_PATH}`, { headers: { Origin: origin } });
  const events: { name: string; payload: unknown }[] = [];
  const waiting = new Map<number, (r: unknown) => void>();
  let id = 0;
  ws.on('message', (data) => {
    const msg = decodeWire<WebBridgeHostMessage>(data.toString());
    if (msg.kind === 'event') events.push({ name: msg.name, payload: msg.payload });
    else waiting.get(msg.id)?.(msg.result);
  });
  return {
    ws,
    events,
    opened: new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject)),
    call(name: string, request: unknown): Promise<{ ok: boolean; value?: any; error?: { code: string } }> {
      const callId = ++id;
      ws.send(encodeWire({ kind: 'call', id: callId, name: name as never, request }));
      return new Promise((resolve) => waiting.set(callId, resolve as (r: unknown) => void));
    },
  };
}

it('serves the renderer and refuses paths outside it', async () => {
  expect(await (await fetch(`${host.url}/`)).text()).toContain('<title>Parley</title>');
  expect(await (await fetch(`${host.url}/chats/5`)).text()).toContain('<title>Parley</title>');
  expect((await fetch(`${host.url}/..%2f..%2f..%2fpackage.json`)).status).toBe(403);
  expect((await fetch(`${host.url}/missing.js`)).status).toBe(404);
});

it('refuses bridge sockets from other origins', async () => {
  const stranger = bridgeClient('http://evil.example');
  await expect(stranger.opened).rejects.toThrow(/403/);
});

it('answers the bridge contract, pushes events and records OS alerts', async () => {
  const page = bridgeClient();
  await page.opened;
  const bad = await page.call('messages.send', { chatId: 'x', content: 1 });
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
  expect(await page.call('nope.nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_call' } });

  const snap = await page.call('app.snapshot', {});
  expect(snap).toMatchObject({ ok: true, value: { session: null, defaultServerUrl: server.url } });
  const me = await page.call('session.register', { email: `w-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Web Me' });
  expect(me.ok).toBe(true);
  const bob = await register(server.url, 'Bob');
  await eventually(() => page.events.some((e) => e.name === 'connection.changed' && (e.payload as { state: string }).state === 'online'), 10_000, 'online event');
  await connect(server.url, bob, { id: me.value.user.id, token: host.core.ctx.session.accessToken as string, email: '', password: '', full_name: '' });
  const chat = await createChat(server.url, bob, [{ id: me.value.user.id } as never]);
  await say(server.url, bob, chat.id, 'ping from Bob');
  await eventually(() => page.events.some((e) => e.name === 'messages.upserted'), 10_000, 'message event');
  const alerts = await eventually(async () => {
    const list = (await (await fetch(`${host.url}/__test/alerts`)).json()) as { tag: string; body: string }[];
    return list.length ? list : null;
  }, 10_000, 'recorded alert');
  expect(alerts[0]).toMatchObject({ tag: `chat:${chat.id}`, target: { kind: 'chat', chatId: chat.id } });
  expect(alerts[0]?.body).toContain('ping from Bob');
  const tray = await eventually(async () => {
    const t = (await (await fetch(`${host.url}/__test/tray`)).json()) as { badge: number };
    return t.badge === 1 ? t : null;
  }, 5_000, 'tray badge');
  expect(tray.badge).toBe(1);
  page.ws.close();
});
