/** Users: reads on the main thread, `create` through the writer (AppError('conflict') on a taken email). */
import type { UserStore } from '../types.js';
import type { SqliteContext } from './context.js';
import { USER_COLUMNS, toUser, type UserDbRow } from '../rows.js';
import { createAccountUserStore } from './accountStore.js';

export function createUserStore(ctx: SqliteContext): UserStore {
  const { read, writer, timed } = ctx;
  const byId = read.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
  // The column is COLLATE NOCASE, so this is case-insensitive and uses the unique index.
  const byEmail = read.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`);
  const byIds = read.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`);
  const search = read.prepare(
    `SELECT ${USER_COLUMNS} FROM users WHERE id <> ? AND instr(search_key, ?) > 0 ORDER BY full_name COLLATE NOCASE, id LIMIT ?`,
  );

  return {
    ...createAccountUserStore(ctx),
    create: (input) => timed('users.create', () => writer.call('user.create', input)),
    byId: (id) => timed('users.byId', () => {
      const row = byId.get(id) as UserDbRow | undefined;
      return row ? toUser(row) : null;
    }),
    byEmail: (email) => timed('users.byEmail', () => {
      const row = byEmail.get(email) as UserDbRow | undefined;
      return row ? toUser(row) : null;
    }),
    byIds: (ids) => timed('users.byIds', () => {
      if (ids.length === 0) return [];
      return (byIds.all(JSON.stringify(ids)) as UserDbRow[]).map(toUser);
    }),
    search: (q, exceptId, limit) => timed('users.search', () =>
      (search.all(exceptId, q.trim().toLowerCase(), limit) as UserDbRow[]).map(toUser),
    ),
  };
}
