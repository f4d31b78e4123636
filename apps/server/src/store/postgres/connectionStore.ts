/** Connections between users: one row per pair whichever direction it was asked in. */
import { AppError } from '../../domain/errors.js';
import type { ConnectionStore, UserRow } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode } from './pool.js';
import { CONNECTION_COLUMNS, USER_COLUMNS, qualified, toConnection, toUser, type ConnectionDbRow } from '../rows.js';

const BY_PAIR = `SELECT ${CONNECTION_COLUMNS} FROM connections
  WHERE least(from_user_id, to_user_id) = least($1::bigint, $2::bigint)
    AND greatest(from_user_id, to_user_id) = greatest($1::bigint, $2::bigint)`;

export function createConnectionStore({ rows, timed }: PgContext): ConnectionStore {
  return {
    create: (fromUserId, toUserId) => timed('connections.create', async () => {
      const [existing] = await rows<ConnectionDbRow>(BY_PAIR, [fromUserId, toUserId]);
      if (existing) return { connection: toConnection(existing), created: false };
      // Two requests for one pair may race here (also from two nodes): the pair index
      // makes the later INSERT wait for the earlier one's commit and then do nothing,
      // and the lookup after it, a new statement, sees the winner's row.
      let inserted: ConnectionDbRow[];
      try {
        inserted = await rows<ConnectionDbRow>(
          `INSERT INTO connections (from_user_id, to_user_id, status) VALUES ($1, $2, 'pending')
           ON CONFLICT DO NOTHING RETURNING ${CONNECTION_COLUMNS}`,
          [fromUserId, toUserId],
        );
      } catch (err) {
        if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION) throw new AppError('not_found', 'user not found');
        throw err;
      }
      if (inserted[0]) return { connection: toConnection(inserted[0]), created: true };
      const [winner] = await rows<ConnectionDbRow>(BY_PAIR, [fromUserId, toUserId]);
      if (!winner) throw new Error(`connection ${fromUserId}↔${toUserId} conflicted but cannot be read`);
      return { connection: toConnection(winner), created: false };
    }),
    byId: (id) => timed('connections.byId', async () => {
      const [row] = await rows<ConnectionDbRow>(`SELECT ${CONNECTION_COLUMNS} FROM connections WHERE id = $1`, [id]);
      return row ? toConnection(row) : null;
    }),
    accept: (id) => timed('connections.accept', async () => {
      const [row] = await rows<ConnectionDbRow>(
        `UPDATE connections SET status = 'accepted' WHERE id = $1 RETURNING ${CONNECTION_COLUMNS}`,
        [id],
      );
      if (!row) throw new AppError('not_found', 'connection not found');
      return toConnection(row);
    }),
    listAccepted: (userId) => timed('connections.listAccepted', async () =>
      (await rows<UserRow & { connection_id: number }>(
        `SELECT c.id AS connection_id, ${qualified(USER_COLUMNS, 'u')}
           FROM (SELECT id, to_user_id AS peer FROM connections WHERE from_user_id = $1 AND status = 'accepted'
                 UNION ALL
                 SELECT id, from_user_id AS peer FROM connections WHERE to_user_id = $1 AND status = 'accepted') c
           JOIN users u ON u.id = c.peer
          ORDER BY lower(u.full_name) COLLATE "C", u.id`,
        [userId],
      )).map((row) => ({ connectionId: row.connection_id, peer: toUser(row) })),
    ),
    acceptedPeerIds: (userId) => timed('connections.acceptedPeerIds', async () =>
      (await rows<{ peer: number }>(
        `SELECT to_user_id AS peer FROM connections WHERE from_user_id = $1 AND status = 'accepted'
         UNION ALL
         SELECT from_user_id FROM connections WHERE to_user_id = $1 AND status = 'accepted'`,
        [userId],
      )).map((row) => row.peer),
    ),
    listPendingTo: (userId) => timed('connections.listPendingTo', async () =>
      (await rows<ConnectionDbRow & { from_user_name: string }>(
        `SELECT ${qualified(CONNECTION_COLUMNS, 'c')}, u.full_name AS from_user_name
           FROM connections c JOIN users u ON u.id = c.from_user_id
          WHERE c.to_user_id = $1 AND c.status = 'pending'
          ORDER BY c.id`,
        [userId],
      )).map((row) => ({ ...toConnection(row), from_user_name: row.from_user_name })),
    ),
    remove: (id) => timed('connections.remove', async () => {
      const [row] = await rows<ConnectionDbRow>(`DELETE FROM connections WHERE id = $1 RETURNING ${CONNECTION_COLUMNS}`, [id]);
      return row ? toConnection(row) : null;
    }),
    areConnected: (a, b) => timed('connections.areConnected', async () => {
      if (a === b) return false;
      const found = await rows(
        `SELECT 1 FROM connections
          WHERE least(from_user_id, to_user_id) = $1 AND greatest(from_user_id, to_user_id) = $2 AND status = 'accepted'`,
        [Math.min(a, b), Math.max(a, b)],
      );
      return found.length > 0;
    }),
  };
}
