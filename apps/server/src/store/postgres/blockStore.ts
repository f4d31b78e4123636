/** Blocks between users. */
import { AppError } from '../../domain/errors.js';
import { CONNECTION_COLUMNS, USER_COLUMNS, qualified, toConnection, toUser, type ConnectionDbRow } from '../rows.js';
import type { BlockStore, UserRow } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode } from './pool.js';

export function createBlockStore({ rows, transaction, timed }: PgContext): BlockStore {
  return {
    add: (blockerId, blockedId) => timed('blocks.add', () => transaction(async (client) => {
      let created: boolean;
      try {
        const inserted = await client.query('INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [blockerId, blockedId]);
        created = (inserted.rowCount ?? 0) > 0;
      } catch (err) {
        if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION) throw new AppError('not_found', 'user not found');
        throw err;
      }
      const removed = await client.query<ConnectionDbRow>(
        `DELETE FROM connections
          WHERE least(from_user_id, to_user_id) = least($1::bigint, $2::bigint)
            AND greatest(from_user_id, to_user_id) = greatest($1::bigint, $2::bigint)
          RETURNING ${CONNECTION_COLUMNS}`,
        [blockerId, blockedId],
      );
      const row = removed.rows[0];
      return { created, removedConnection: row ? toConnection(row) : null };
    })),
    remove: (blockerId, blockedId) => timed('blocks.remove', async () =>
      (await rows('DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2 RETURNING 1', [blockerId, blockedId])).length > 0,
    ),
    list: (blockerId) => timed('blocks.list', async () =>
      (await rows<UserRow & { blocked_at: string }>(
        `SELECT ${qualified(USER_COLUMNS, 'u')}, b.created_at AS blocked_at
           FROM blocks b JOIN users u ON u.id = b.blocked_id
          WHERE b.blocker_id = $1 ORDER BY b.created_at, u.id`,
        [blockerId],
      )).map((row) => ({ blocked: toUser(row), created_at: row.blocked_at })),
    ),
    between: (a, b) => timed('blocks.between', async () =>
      (await rows(
        'SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1) LIMIT 1',
        [a, b],
      )).length > 0,
    ),
    involving: (userId) => timed('blocks.involving', async () =>
      (await rows<{ peer: number }>(
        'SELECT blocked_id AS peer FROM blocks WHERE blocker_id = $1 UNION SELECT blocker_id FROM blocks WHERE blocked_id = $1',
        [userId],
      )).map((row) => row.peer),
    ),
  };
}
