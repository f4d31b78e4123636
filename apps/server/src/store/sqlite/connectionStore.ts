/** Connections between users: one row per pair whichever direction it was asked in. */
import type { ConnectionStore } from '../types.js';
import type { SqliteContext } from './context.js';
import { CONNECTION_COLUMNS, USER_COLUMNS, toConnection, toUser, type ConnectionDbRow, type UserDbRow } from '../rows.js';

export function createConnectionStore({ read, writer, timed }: SqliteContext): ConnectionStore {
  const byId = read.prepare(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = ?`);
  // Two index range scans (from, to) instead of one OR that SQLite may not split.
  const acceptedPeers = read.prepare(
    `SELECT c.id AS connection_id, ${USER_COLUMNS.split(', ').map((col) => `u.${col}`).join(', ')}
       FROM (SELECT id, to_user_id AS peer FROM connections WHERE from_user_id = ? AND status = 'accepted'
             UNION ALL
             SELECT id, from_user_id AS peer FROM connections WHERE to_user_id = ? AND status = 'accepted') c
       JOIN users u ON u.id = c.peer
      ORDER BY u.full_name COLLATE NOCASE, u.id`,
  );
  const acceptedPeerIds = read.prepare(
    `SELECT to_user_id FROM connections WHERE from_user_id = ? AND status = 'accepted'
     UNION ALL
     SELECT from_user_id FROM connections WHERE to_user_id = ? AND status = 'accepted'`,
  ).pluck();
  const pendingTo = read.prepare(
    `SELECT ${CONNECTION_COLUMNS.split(', ').map((col) => `c.${col}`).join(', ')}, u.full_name AS from_user_name
       FROM connections c JOIN users u ON u.id = c.from_user_id
      WHERE c.to_user_id = ? AND c.status = 'pending'
      ORDER BY c.id`,
  );
  // Written exactly like the unique index's expressions so SQLite uses it.
  const connected = read.prepare(
    `SELECT 1 FROM connections
      WHERE min(from_user_id, to_user_id) = ? AND max(from_user_id, to_user_id) = ? AND status = 'accepted'`,
  ).pluck();

  return {
    create: (fromUserId, toUserId) => timed('connections.create', () => writer.call('connection.create', { fromUserId, toUserId })),
    byId: (id) => timed('connections.byId', () => {
      const row = byId.get(id) as ConnectionDbRow | undefined;
      return row ? toConnection(row) : null;
    }),
    accept: (id) => timed('connections.accept', () => writer.call('connection.accept', { id })),
    listAccepted: (userId) => timed('connections.listAccepted', () =>
      (acceptedPeers.all(userId, userId) as (UserDbRow & { connection_id: number })[]).map((row) => ({
        connectionId: row.connection_id,
        peer: toUser(row),
      })),
    ),
    acceptedPeerIds: (userId) => timed('connections.acceptedPeerIds', () => acceptedPeerIds.all(userId, userId) as number[]),
    listPendingTo: (userId) => timed('connections.listPendingTo', () =>
      (pendingTo.all(userId) as (ConnectionDbRow & { from_user_name: string })[]).map((row) => ({
        ...toConnection(row),
        from_user_name: row.from_user_name,
      })),
    ),
    remove: (id) => timed('connections.remove', () => writer.call('connection.remove', { id })),
    areConnected: (a, b) => timed('connections.areConnected', () =>
      a !== b && connected.get(Math.min(a, b), Math.max(a, b)) !== undefined,
    ),
  };
}
