/**
 * Connection requests between users. A pair of users has at most one connection row,
 * whichever direction it was requested in; only its addressee can accept or decline it,
 * either side can remove it (the sender of a pending request cancels it). Ending one
 * deletes the row, so the pair may ask again later — unless one blocked the other.
 */
import type { Connection, ConnectionEndReason } from '@parley/protocol';
import type { Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { Domain } from './domain.js';
import type { RateLimiter } from './rateLimit.js';

export function createConnections(store: Store, events: EventSink, limiter: RateLimiter): Domain['connections'] {
  async function nameOf(id: number): Promise<string> {
    return (await store.users.byId(id))?.full_name ?? '';
  }

  /** Deletes the row and tells both sides; a row already gone (a double click) is no error. */
  async function end(actorId: number, conn: Connection, reason: ConnectionEndReason): Promise<void> {
    limiter.consume('rest_write', actorId);
    const removed = await store.connections.remove(conn.id);
    if (removed) events.publish({ kind: 'connection_removed', connection: removed, actorId, reason });
  }

  return {
    /**
     * An existing row between the pair (pending or accepted, either direction) is
     * returned unchanged and nothing is published, so repeating a request is harmless.
     */
    async request(fromUserId, toUserId) {
      if (fromUserId === toUserId) throw new AppError('invalid', 'you cannot connect to yourself');
      limiter.consume('rest_write', fromUserId);
      if (!(await store.users.byId(toUserId))) throw new AppError('not_found', 'user not found');
      // The same answer whichever side blocked: a blocked person does not learn of the block.
      if (await store.blocks.between(fromUserId, toUserId)) throw new AppError('forbidden', 'this person is not accepting connection requests from you');
      const { connection, created } = await store.connections.create(fromUserId, toUserId);
      if (created) events.publish({ kind: 'connection_requested', connection, fromUserName: await nameOf(fromUserId) });
      return connection;
    },

    async accept(userId, connectionId) {
      const conn = await store.connections.byId(connectionId);
      if (!conn) throw new AppError('not_found', 'connection request not found');
      if (conn.to_user_id !== userId) throw new AppError('forbidden', 'only the addressee can accept a connection request');
      // Accepting twice is a no-op that does not notify anyone again.
      if (conn.status === 'accepted') return conn;
      const accepted = await store.connections.accept(connectionId);
      const [fromUserName, toUserName] = await Promise.all([nameOf(accepted.from_user_id), nameOf(accepted.to_user_id)]);
      events.publish({ kind: 'connection_accepted', connection: accepted, fromUserName, toUserName });
      return accepted;
    },

    async decline(userId, connectionId) {
      const conn = await store.connections.byId(connectionId);
      if (!conn || (conn.to_user_id !== userId && conn.from_user_id !== userId)) throw new AppError('not_found', 'connection request not found');
      if (conn.to_user_id !== userId || conn.status !== 'pending') throw new AppError('forbidden', 'only the addressee can decline a pending request');
      await end(userId, conn, 'declined');
    },

    async remove(userId, connectionId) {
      const conn = await store.connections.byId(connectionId);
      if (!conn || (conn.to_user_id !== userId && conn.from_user_id !== userId)) throw new AppError('not_found', 'connection not found');
      const reason = conn.status === 'accepted' ? 'removed' : conn.from_user_id === userId ? 'cancelled' : 'declined';
      await end(userId, conn, reason);
    },

    async listAccepted(userId) {
      const rows = await store.connections.listAccepted(userId);
      return rows.map(({ connectionId, peer }) => ({ connection_id: connectionId, user: { id: peer.id, full_name: peer.full_name } }));
    },

    async listRequests(userId) {
      return store.connections.listPendingTo(userId);
    },

    async acceptedPeerIds(userId) {
      return store.connections.acceptedPeerIds(userId);
    },
  };
}
