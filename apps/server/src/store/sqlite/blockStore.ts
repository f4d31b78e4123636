/** Blocks between users: reads on the main thread, writes through the writer. */
import { USER_COLUMNS, toUser, type UserDbRow } from '../rows.js';
import type { BlockStore } from '../types.js';
import type { SqliteContext } from './context.js';

export function createBlockStore({ read, writer, timed }: SqliteContext): BlockStore {
  const list = read.prepare(
    `SELECT ${USER_COLUMNS.split(', ').map((col) => `u.${col}`).join(', ')}, b.created_at AS blocked_at
       FROM blocks b JOIN users u ON u.id = b.blocked_id
      WHERE b.blocker_id = ? ORDER BY b.created_at, u.id`,
  );
  const between = read.prepare(
    'SELECT 1 FROM blocks WHERE (blocker_id = ? AND blocked_id = ?) OR (blocker_id = ? AND blocked_id = ?) LIMIT 1',
  ).pluck();
  const involving = read.prepare(
    'SELECT blocked_id FROM blocks WHERE blocker_id = ? UNION SELECT blocker_id FROM blocks WHERE blocked_id = ?',
  ).pluck();

  return {
    add: (blockerId, blockedId) => timed('blocks.add', () => writer.call('block.add', { blockerId, blockedId })),
    remove: (blockerId, blockedId) => timed('blocks.remove', () => writer.call('block.remove', { blockerId, blockedId })),
    list: (blockerId) => timed('blocks.list', () =>
      (list.all(blockerId) as (UserDbRow & { blocked_at: string })[]).map((row) => ({ blocked: toUser(row), created_at: row.blocked_at })),
    ),
    between: (a, b) => timed('blocks.between', () => between.get(a, b, b, a) !== undefined),
    involving: (userId) => timed('blocks.involving', () => involving.all(userId, userId) as number[]),
  };
}
