/**
 * Mentions on the socket (issue 14): a `message` or `edit` frame carries the ids it
 * mentions; members only, else an `invalid` error frame and nothing stored; the
 * `new_message` and `message_edited` events, live and replayed by resume, carry them.
 * Runs on SQLite and (server-postgres project) PostgreSQL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerTrio, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { isType } from './client.js';
import { closeAll, newChat, open } from './fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
beforeAll(async () => {
  srv = await startTestServer();
  ({ ann, ben, cat } = await registerTrio(srv.url));
});
afterAll(async () => {
  await srv?.close();
});

it('carries mentions on sends and edits, live and on resume, and refuses non-members', async () => {
  const chatId = await newChat(srv, ann, [ben]);
  const annSocket = await open(srv, ann, `messages/${chatId}`);
  const benSocket = await open(srv, ben, `messages/${chatId}`);

  annSocket.send({ type: 'message', content: '@Ben hi', client_id: 'mention-1', mentions: [ben.id] });
  const live = await benSocket.waitFor((f) => f.type === 'new_message' && f.client_id === 'mention-1');
  expect(live.mentions).toEqual([ben.id]);

  annSocket.send({ type: 'message', content: '@Cat hi', client_id: 'mention-2', mentions: [cat.id] });
  expect(await annSocket.waitFor(isType('error'))).toMatchObject({ code: 'invalid', client_id: 'mention-2' });
  annSocket.send({ type: 'message', content: 'x', client_id: 'mention-3', mentions: 'everyone' });
  expect(await annSocket.waitFor((f) => f.type === 'error' && f.client_id === 'mention-3')).toMatchObject({ code: 'invalid' });

  annSocket.send({ type: 'edit', target_seq: live.seq, content: 'just me, @Ann', mentions: [ann.id] });
  const edited = await benSocket.waitFor(isType('message_edited'));
  expect(edited).toMatchObject({ target_seq: live.seq, content: 'just me, @Ann', mentions: [ann.id] });

  const resumed = await open(srv, ben, `messages/${chatId}`, { after_seq: 0 });
  const replay = await resumed.waitForCount((f) => f.type === 'new_message' || f.type === 'message_edited', 2);
  // Replay sends the message in its current state (as it does its content), then the edit.
  expect(replay.map((f) => [f.type, f.content, f.mentions])).toEqual([
    ['new_message', 'just me, @Ann', [ann.id]],
    ['message_edited', 'just me, @Ann', [ann.id]],
  ]);
  await closeAll([annSocket, benSocket, resumed]);
});
