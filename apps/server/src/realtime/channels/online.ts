/**
 * `online`: first `online_users` (the user's accepted connections that are online),
 * then `user_online` / `user_offline` about those connections only. Presence frames
 * are shed for slow sockets: the next change or reconnect brings the state back.
 *
 * Peer lists come from the store asynchronously, so while a socket is building its
 * `online_users` list it is not "ready"; a change that touches it meanwhile marks it
 * dirty and the list is rebuilt, so the first frame is always current.
 */
import type { OnlineUsersFrame, UserOfflineFrame, UserOnlineFrame } from '@parley/protocol';
import type { DomainEvent } from '../../domain/events.js';
import type { ChannelHandler, RealtimeContext } from '../channel.js';
import type { Conn } from '../conn.js';
import { encode } from '../frames.js';
import type { PresenceTracker } from '../presence.js';

const CHANNEL = 'online';
/** Rebuild attempts before sending the list anyway; later changes still arrive as frames. */
const MAX_REBUILDS = 3;

export function createOnlineChannel(ctx: RealtimeContext, presence: PresenceTracker): ChannelHandler {
  const { domain, hub, outbound, log } = ctx;
  const building = new Map<Conn, { dirty: boolean }>();

  /** Sends `frame` to every ready `online` socket of `userId`; building ones are marked dirty. */
  function tell(userId: number, text: string): void {
    for (const conn of hub.socketsOf(userId)) {
      if (!conn.channels.has(CHANNEL)) continue;
      if (conn.onlineReady) outbound.sendSheddable(conn, text);
      else {
        const b = building.get(conn);
        if (b) b.dirty = true;
      }
    }
  }

  async function announce(userId: number, online: boolean): Promise<void> {
    const peers = await domain.connections.acceptedPeerIds(userId);
    let frame: UserOnlineFrame | UserOfflineFrame;
    if (online) {
      const names = await domain.users.names([userId]);
      frame = { type: 'user_online', user_id: userId, full_name: names.get(userId) ?? '' };
    } else {
      frame = { type: 'user_offline', user_id: userId };
    }
    // The lookups took time: announce only what is still true.
    if (presence.isOnline(userId) !== online) return;
    const text = encode(frame, CHANNEL);
    for (const peer of peers) tell(peer, text);
  }

  presence.onChange((userId, online) => {
    announce(userId, online).catch((err: unknown) => log.error({ err, userId }, 'presence announcement failed'));
  });

  async function buildList(conn: Conn): Promise<OnlineUsersFrame> {
    const peers = await domain.connections.acceptedPeerIds(conn.userId);
    const names = await domain.users.names(peers.filter((id) => presence.isOnline(id)));
    // Filter again after the awaits; a peer online now but not named above is caught by `dirty`.
    const users = peers.filter((id) => presence.isOnline(id) && names.has(id)).map((id) => ({ user_id: id, full_name: names.get(id)! }));
    return { type: 'online_users', users };
  }

  return {
    async authorize() {
      // Everyone may watch their own connections' presence.
    },

    async join(conn: Conn, name: string) {
      conn.onlineReady = false;
      const state = { dirty: false };
      building.set(conn, state);
      try {
        let list = await buildList(conn);
        for (let i = 0; state.dirty && i < MAX_REBUILDS; i++) {
          state.dirty = false;
          list = await buildList(conn);
        }
        if (conn.closed || !conn.channels.has(name) || building.get(conn) !== state) return;
        outbound.send(conn, encode(list, CHANNEL));
        conn.onlineReady = true;
      } finally {
        if (building.get(conn) === state) building.delete(conn);
      }
    },

    leave(conn: Conn) {
      conn.onlineReady = false;
      building.delete(conn);
    },

    onEvent(event: DomainEvent) {
      if (event.kind === 'connection_removed') {
        // No longer connections: each stops seeing the other, whether online or not.
        if (event.connection.status !== 'accepted') return;
        const { from_user_id: a, to_user_id: b } = event.connection;
        tell(a, encode({ type: 'user_offline', user_id: b } satisfies UserOfflineFrame, CHANNEL));
        tell(b, encode({ type: 'user_offline', user_id: a } satisfies UserOfflineFrame, CHANNEL));
        return;
      }
      if (event.kind !== 'connection_accepted') return;
      // Newly connected peers who are both online learn about each other now.
      const { from_user_id: a, to_user_id: b } = event.connection;
      if (!presence.isOnline(a) || !presence.isOnline(b)) return;
      tell(a, encode({ type: 'user_online', user_id: b, full_name: event.toUserName } satisfies UserOnlineFrame, CHANNEL));
      tell(b, encode({ type: 'user_online', user_id: a, full_name: event.fromUserName } satisfies UserOnlineFrame, CHANNEL));
    },
  };
}
