/**
 * A file someone else sent shows the name it was uploaded under, not the server's random
 * file name: the desktop keeps the `attachment_name` that comes with a live message and
 * with the catch-up after a restart, tells the renderer before the message itself, and
 * opens the file through a signed link that needs no token.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { openDesktop, type TestDesktop } from './desktop.js';
import { connect, createChat, eventually, register, rest, type Peer } from './fixtures.js';
import { ServerProcess } from './serverProcess.js';

let server: ServerProcess;
let desk: TestDesktop;

beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => {
  await desk?.dispose();
  await server.dispose();
});

/** `from` uploads `text` as `name` and sends it to the chat. */
async function sendFile(from: Peer, chatId: number, name: string, text: string): Promise<Message> {
  const res = await fetch(`${server.url}/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${from.token}`, 'Content-Type': 'text/plain', 'X-Filename': encodeURIComponent(name) },
    body: text,
  });
  expect(res.status).toBe(201);
  const { url } = (await res.json()) as { url: string };
  return rest<Message>(server.url, 'POST', `/chats/${chatId}/messages`, from.token, { content: '', attachment: url });
}

it('keeps the original name of a file from someone else, live and after a restart, and opens it by signed link', async () => {
  desk = await openDesktop({ serverUrl: server.url });
  const me = await desk.call('session.register', { email: `an-${Date.now()}@example.test`, password: 'correct horse battery', full_name: 'Me' });
  const mePeer = { id: me.user.id, token: desk.core.ctx.session.accessToken as string } as Peer;
  const bob = await register(server.url, 'Bob');
  await connect(server.url, bob, mePeer);
  const chat = await createChat(server.url, bob, [mePeer]);

  // What the renderer hears, in order: the name must come before the message showing it.
  const heard: string[] = [];
  desk.core.events.on('attachments.named', (names) => void heard.push(...Object.values(names).map((n) => `named ${n}`)));
  desk.core.events.on('messages.upserted', (rows) => void heard.push(...rows.filter((m) => m.attachment).map((m) => `message ${m.seq}`)));

  await eventually(async () => (await desk.call('app.snapshot', {})).chats.some((c) => c.id === chat.id), 15_000, 'chat known');
  const live = await sendFile(bob, chat.id, 'Minutes – März.txt', 'agreed: ship it\n');
  await eventually(() => heard.includes(`message ${live.seq}`), 15_000, 'live message');
  expect(heard.indexOf('named Minutes – März.txt')).toBeGreaterThanOrEqual(0);
  expect(heard.indexOf('named Minutes – März.txt')).toBeLessThan(heard.indexOf(`message ${live.seq}`));
  expect((await desk.call('app.snapshot', {})).attachmentNames?.[live.attachment!]).toBe('Minutes – März.txt');

  // The signed link names the file too and downloads it without a token.
  const link = await desk.call('upload.link', { url: live.attachment! });
  expect(link).toMatchObject({ name: 'Minutes – März.txt', size: 'agreed: ship it\n'.length });
  const file = await fetch(new URL(link.url, server.url));
  expect(file.status).toBe(200);
  expect(await file.text()).toBe('agreed: ship it\n');

  // Sent while this desktop was closed: the catch-up brings the name along.
  const dataDir = desk.dataDir;
  await desk.close();
  const missed = await sendFile(bob, chat.id, 'Budget 2025 (draft).txt', 'numbers\n');
  desk = await openDesktop({ dataDir, serverUrl: server.url });
  const names = await eventually(async () => {
    const known = (await desk.call('app.snapshot', {})).attachmentNames ?? {};
    return known[missed.attachment!] ? known : null;
  }, 15_000, 'name of the missed file');
  expect(names[missed.attachment!]).toBe('Budget 2025 (draft).txt');
  expect(names[live.attachment!]).toBe('Minutes – März.txt');
});
