/**
 * Who is online, for the peers: a user is online while at least one socket is open.
 * Unlike Parley (3 s grace) the peers announce offline at once, as the seed's manager does.
 */
import type { Store } from './store.js';

export interface PresenceSink {
  /** Deliver a frame to every `online` socket of `userId`. */
  toOnlineWatchers(userId: number, frame: object): void;
}

export function createPresence(store: Store, sink: PresenceSink) {
  const sockets = new Map<number, number>();
  const names = new Map<number, string>();
  const nameOf = (id: number) => {
    let n = names.get(id);
    if (n === undefined) names.set(id, (n = store.userById(id)?.full_name ?? ''));
    return n;
  };
  return {
    opened(userId: number): void {
      const n = (sockets.get(userId) ?? 0) + 1;
      sockets.set(userId, n);
      if (n === 1) {
        const frame = { type: 'user_online', user_id: userId, full_name: nameOf(userId) };
        for (const p of store.peersOf(userId)) if (sockets.has(p)) sink.toOnlineWatchers(p, frame);
      }
    },
    closed(userId: number): void {
      const n = (sockets.get(userId) ?? 1) - 1;
      if (n > 0) return void sockets.set(userId, n);
      sockets.delete(userId);
      const frame = { type: 'user_offline', user_id: userId };
      for (const p of store.peersOf(userId)) if (sockets.has(p)) sink.toOnlineWatchers(p, frame);
    },
    snapshotFor(userId: number) {
      return { type: 'online_users', users: store.peersOf(userId).filter((p) => sockets.has(p)).map((p) => ({ user_id: p, full_name: nameOf(p) })) };
    },
  };
}
