/**
 * The ConnectionManager of the seed: open sockets by user and by topic, and the topic
 * names. Fan-out itself runs in uWS's native pub/sub (see outbound.ts); the hub keeps
 * the JS view of who wants which topic so targeted sends, typing, presence and the
 * backpressure checks can find their sockets, and so a socket is forgotten on close.
 *
 * A socket joins topics per channel: `messages/5` and `messages/*` on one multiplexed
 * socket both want `chat/5`, and the native subscription lasts while either does.
 */
import type { Conn } from './conn.js';

/** Topic names. One topic per audience, so one serialized frame serves every socket on it. */
export const topics = {
  chat: (chatId: number) => `chat/${chatId}`,
  connections: (userId: number) => `user/${userId}/connections`,
  notifications: (userId: number) => `user/${userId}/notifications`,
  feed: () => 'feed',
} as const;

export class Hub {
  private readonly conns = new Set<Conn>();
  private readonly byUser = new Map<number, Set<Conn>>();
  private readonly byTopic = new Map<string, Set<Conn>>();

  add(conn: Conn): void {
    this.conns.add(conn);
    addTo(this.byUser, conn.userId, conn);
  }

  /** Forgets the socket everywhere. uWS drops its native subscriptions on close itself. */
  remove(conn: Conn): void {
    this.conns.delete(conn);
    removeFrom(this.byUser, conn.userId, conn);
    for (const topic of conn.topics.keys()) removeFrom(this.byTopic, topic, conn);
    conn.topics.clear();
    conn.channels.clear();
    conn.held.clear();
  }

  /** `channel` needs `topic` on this socket; subscribes natively unless a resume holds the topic. */
  want(conn: Conn, topic: string, channel: string): void {
    let users = conn.topics.get(topic);
    if (!users) {
      users = new Set();
      conn.topics.set(topic, users);
      addTo(this.byTopic, topic, conn);
      if (!conn.held.has(topic) && !conn.closed) conn.ws?.subscribe(topic);
    }
    users.add(channel);
  }

  /** `channel` no longer needs `topic`; the native subscription ends with its last user. */
  unwant(conn: Conn, topic: string, channel: string): void {
    const users = conn.topics.get(topic);
    if (!users) return;
    users.delete(channel);
    if (users.size > 0) return;
    conn.topics.delete(topic);
    removeFrom(this.byTopic, topic, conn);
    if (!conn.held.has(topic) && !conn.closed) conn.ws?.unsubscribe(topic);
  }

  /** Live frames of `topic` stop flowing natively to this socket; the caller delivers them. */
  hold(conn: Conn, topic: string): void {
    if (conn.held.has(topic)) return;
    conn.held.add(topic);
    if (conn.topics.has(topic) && !conn.closed) conn.ws?.unsubscribe(topic);
  }

  /** Native delivery resumes, if some channel still wants the topic. */
  release(conn: Conn, topic: string): void {
    if (!conn.held.delete(topic)) return;
    if (conn.topics.has(topic) && !conn.closed) conn.ws?.subscribe(topic);
  }

  /** Sockets that want `topic` (held or not). */
  subscribers(topic: string): ReadonlySet<Conn> {
    return this.byTopic.get(topic) ?? EMPTY;
  }

  socketsOf(userId: number): ReadonlySet<Conn> {
    return this.byUser.get(userId) ?? EMPTY;
  }

  all(): ReadonlySet<Conn> {
    return this.conns;
  }

  /** Open sockets by metrics label. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const conn of this.conns) counts[conn.label] = (counts[conn.label] ?? 0) + 1;
    return counts;
  }
}

const EMPTY: ReadonlySet<Conn> = new Set();

function addTo<K>(map: Map<K, Set<Conn>>, key: K, conn: Conn): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(conn);
}

function removeFrom<K>(map: Map<K, Set<Conn>>, key: K, conn: Conn): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(conn);
  if (set.size === 0) map.delete(key);
}
