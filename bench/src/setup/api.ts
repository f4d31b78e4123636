/**
 * A small REST client for provisioning users, connections, chats and posts. Parley
 * rate-limits writes (SPEC §3), so a 429 is waited out and retried, never counted as failure.
 */
import { sleep } from '../util/clock.js';

export interface AuthedUser {
  id: number;
  token: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Enough to wait out a write limit of 10/s while 500 members join one room. */
const MAX_RETRIES = 400;

export class Api {
  constructor(readonly base: string) {}

  async call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(this.base + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (res.status === 429 && attempt < MAX_RETRIES) {
        const hinted = /"retry_after_ms":\s*(\d+)/.exec(text)?.[1];
        const after = Number(hinted ?? 0) || Number(res.headers.get('retry-after') ?? 0) * 1000 || 250;
        await sleep(Math.min(after, 5000));
        continue;
      }
      if (!res.ok) throw new ApiError(res.status, `${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }

  async register(tag: string, i: number): Promise<AuthedUser> {
    const r = await this.call<{ access_token: string; user: { id: number } }>('POST', '/auth/register', {
      email: `bench-${tag}-${i}@example.test`,
      password: 'bench-password-1',
      full_name: `Bench User ${i}`,
    });
    return { id: r.user.id, token: r.access_token };
  }

  /** `from` asks, `to` accepts: afterwards they are accepted connections. */
  async connect(from: AuthedUser, to: AuthedUser): Promise<void> {
    const c = await this.call<{ id: number }>('POST', '/connections', { to_user_id: to.id }, from.token);
    await this.call('POST', `/connections/${c.id}/accept`, undefined, to.token);
  }

  async createChat(creator: AuthedUser, others: readonly AuthedUser[]): Promise<number> {
    const r = await this.call<{ id: number }>('POST', '/chats', { member_ids: others.map((o) => o.id) }, creator.token);
    return r.id;
  }
}
