/**
 * Builds the users and relations a scenario needs through the public REST API, with
 * bounded concurrency. Groups become chats (everyone connected to the creator) or
 * cliques (everyone connected to everyone, for presence).
 */
import { mapPool } from '../util/pool.js';
import type { Api, AuthedUser } from './api.js';

const CONCURRENCY = 32;

export async function registerUsers(api: Api, tag: string, n: number, log: (s: string) => void): Promise<AuthedUser[]> {
  const t0 = Date.now();
  let done = 0;
  const users = await mapPool(Array.from({ length: n }, (_, i) => i), CONCURRENCY, async (i) => {
    const u = await api.register(tag, i);
    if (++done % 2000 === 0) log(`  registered ${done}/${n}`);
    return u;
  });
  log(`  registered ${n} users in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return users;
}

/** Splits users into consecutive groups of `size` (the last may be smaller; groups of 1 are dropped). */
export function groupsOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.filter((g) => g.length > 1);
}

/** One chat per group: every member asks the creator (group[0]) to connect, the creator accepts, then creates the chat. */
export async function chatsForGroups(api: Api, groups: readonly AuthedUser[][]): Promise<number[]> {
  return mapPool(groups, CONCURRENCY, async (g) => {
    const [creator, ...others] = g;
    // Inside a group, requests run a few at a time: the creator's accepts share its rate limit.
    await mapPool(others, 8, (o) => api.connect(o, creator!));
    return api.createChat(creator!, others);
  });
}

/** Every pair in each group becomes an accepted connection. */
export async function cliques(api: Api, groups: readonly AuthedUser[][]): Promise<void> {
  await mapPool(groups, CONCURRENCY, async (g) => {
    const pairs: [AuthedUser, AuthedUser][] = [];
    for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) pairs.push([g[j]!, g[i]!]);
    await mapPool(pairs, 4, ([a, b]) => api.connect(a, b));
  });
}
