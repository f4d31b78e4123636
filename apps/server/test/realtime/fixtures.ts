/** Shared set-up for realtime tests: users, chats and socket URLs on a real server. */
import { expect } from 'vitest';
import { api, type TestServer, type TestUser } from '../harness.js';
import { connect, wsUrl, type ConnectOptions, type TestSocket } from './client.js';

let chatsMade = 0;

/**
 * A fresh chat: a titled group, so every call makes a new one (a 1:1 chat without a
 * title is the pair's existing chat, see events.test.ts).
 */
export async function newChat(srv: TestServer, owner: TestUser, members: TestUser[], title = `chat ${++chatsMade}`): Promise<number> {
  const res = await api(srv.url, owner.token).post('/chats', { member_ids: members.map((m) => m.id), title });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

/** Opens `/ws/{channel}` (or `/ws` when channel is null) with the token in the query. */
export function open(srv: TestServer, user: TestUser, channel: string | null, query: Record<string, string | number | undefined> = {}, opts?: ConnectOptions): Promise<TestSocket> {
  const path = channel === null ? '/ws' : `/ws/${channel}`;
  return connect(wsUrl(srv.wsUrl, path, { token: user.token, ...query }), opts);
}

export async function sendRest(srv: TestServer, user: TestUser, chatId: number, content: string): Promise<any> {
  const res = await api(srv.url, user.token).post(`/chats/${chatId}/messages`, { content });
  expect(res.status).toBe(201);
  return res.body;
}

export async function closeAll(sockets: TestSocket[]): Promise<void> {
  await Promise.all(sockets.map((s) => s.close()));
}
