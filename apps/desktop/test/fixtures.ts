/**
 * REST helpers that play the other people in a test (the desktop under test is one
 * user; these create its peers, connections and chats) against the real server.
 */
import WebSocket from 'ws';
import type { AuthResponse, Chat, Message } from '@parley/protocol';

let counter = 0;

export interface Peer {
  token: string;
  id: number;
  email: string;
  password: string;
  full_name: string;
}

/** A rate-limited request is retried as a client would (a blast just before may have used the budget). */
const RATE_LIMIT_RETRIES = 20;

export async function rest<T>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status === 429 && attempt < RATE_LIMIT_RETRIES) {
      const seconds = Number(res.headers.get('retry-after'));
      await new Promise((resolve) => setTimeout(resolve, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 250));
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}

export async function register(base: string, name = 'Peer'): Promise<Peer> {
  const email = `u${process.pid}-${Date.now()}-${++counter}@example.test`;
  const password = 'correct horse battery';
  const res = await rest<AuthResponse>(base, 'POST', '/auth/register', undefined, { email, password, full_name: `${name} ${counter}` });
  return { token: res.access_token, id: res.user.id, email, password, full_name: res.user.full_name };
}

/** Makes `a` and `b` accepted connections. */
export async function connect(base: string, a: Peer, b: Peer): Promise<number> {
  const conn = await rest<{ id: number }>(base, 'POST', '/connections', a.token, { to_user_id: b.id });
  await rest(base, 'POST', `/connections/${conn.id}/accept`, b.token);
  return conn.id;
}

export async function createChat(base: string, owner: Peer, others: Peer[]): Promise<Chat> {
  return rest<Chat>(base, 'POST', '/chats', owner.token, { member_ids: others.map((o) => o.id) });
}

export async function say(base: string, from: Peer, chatId: number, content: string, mentions?: number[]): Promise<Message> {
  return rest<Message>(base, 'POST', `/chats/${chatId}/messages`, from.token, { content, mentions });
}

export async function history(base: string, who: Peer, chatId: number): Promise<Message[]> {
  const all: Message[] = [];
  for (let page = 0; page < 100; page++) {
    const batch = await rest<Message[]>(base, 'GET', `/chats/${chatId}/messages?after_seq=${all.at(-1)?.seq ?? 0}&limit=200`, who.token);
    all.push(...batch);
    if (batch.length < 200) break;
  }
  return all;
}

/**
 * Sends many messages over one socket, at most `window` unanswered at a time, resending
 * (same client_id, so never stored twice) what the server rate-limits. Resolves when
 * every echo arrived. `text` makes each message's content (default `<prefix> <i>`).
 */
export async function blast(base: string, from: Peer, chatId: number, count: number, prefix = 'm', window = 40, text?: (i: number) => string): Promise<void> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws/messages/${chatId}`, { headers: { Authorization: `Bearer ${from.token}` } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const done = new Set<string>();
  let next = 0;
  const send = (i: number) => ws.send(JSON.stringify({ type: 'message', content: text ? text(i) : `${prefix} ${i}`, client_id: `${prefix}-${i}` }));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`blast: ${done.size}/${count} echoes`)), 120_000);
    const pump = () => {
      while (next < count && next - done.size < window) send(next++);
    };
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; client_id?: string; code?: string; retry_after_ms?: number };
      if (f.type === 'new_message' && f.client_id?.startsWith(`${prefix}-`)) done.add(f.client_id);
      if (f.type === 'error') {
        const i = Number(f.client_id?.slice(prefix.length + 1));
        if (f.code !== 'rate_limited' || !Number.isInteger(i)) {
          clearTimeout(timer);
          reject(new Error(`blast error ${JSON.stringify(f)}`));
          return;
        }
        setTimeout(() => send(i), f.retry_after_ms ?? 500);
      }
      if (done.size === count) {
        clearTimeout(timer);
        resolve();
      } else pump();
    });
    pump();
  });
  ws.close();
}

/** Polls `probe` until it returns a truthy value (bounded). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000, label = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${label}${last ? `: ${String(last)}` : ''}`);
}
