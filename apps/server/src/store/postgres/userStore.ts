/** Users; AppError('conflict') when the email is taken in any letter case. */
import { AppError } from '../../domain/errors.js';
import type { UserRow, UserStore } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode, pgConstraint } from './pool.js';
import { USER_COLUMNS, toUser, userSearchKey } from '../rows.js';
import { createAccountUserStore } from './accountStore.js';

export function createUserStore(ctx: PgContext): UserStore {
  const { rows, transaction, timed } = ctx;
  const one = async (text: string, values: unknown[]) => {
    const [row] = await rows<UserRow>(text, values);
    return row ? toUser(row) : null;
  };

  return {
    ...createAccountUserStore(ctx),
    create: ({ email, fullName, passwordHash, role, inviteCode }) => timed('users.create', async () => {
      try {
        return await transaction(async (client) => {
          const { rows: [row] } = await client.query<UserRow>(
            `INSERT INTO users (email, full_name, password_hash, search_key, role) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
            [email, fullName, passwordHash, userSearchKey(fullName), role ?? 'user'],
          );
          // In the same transaction: a refused invite rolls the new user back too.
          if (inviteCode) {
            const used = await client.query(
              'UPDATE invites SET used_by = $1, used_at = now() WHERE code = $2 AND used_at IS NULL AND expires_at > now() RETURNING id',
              [row!.id, inviteCode],
            );
            if (used.rowCount === 0) throw new AppError('forbidden', 'the invite code is unknown, expired or already used');
          }
          return toUser(row!);
        });
      } catch (err) {
        if (pgCode(err) === PG.UNIQUE_VIOLATION && pgConstraint(err) === 'users_email') {
          throw new AppError('conflict', 'email already registered');
        }
        throw err;
      }
    }),
    // Written as the unique index's expression, so the lookup uses it.
    byEmail: (email) => timed('users.byEmail', () => one(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email])),
    byId: (id) => timed('users.byId', () => one(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])),
    byIds: (ids) => timed('users.byIds', async () => {
      if (ids.length === 0) return [];
      return (await rows<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids])).map(toUser);
    }),
    // lower() COLLATE "C" orders like SQLite's NOCASE (case-folded, then by code point)
    // instead of by whatever locale the database was created with.
    search: (q, exceptId, limit) => timed('users.search', async () =>
      (await rows<UserRow>(
        `SELECT ${USER_COLUMNS} FROM users WHERE id <> $1 AND strpos(search_key, $2) > 0
          ORDER BY lower(full_name) COLLATE "C", id LIMIT $3`,
        [exceptId, q.trim().toLowerCase(), limit],
      )).map(toUser),
    ),
  };
}
