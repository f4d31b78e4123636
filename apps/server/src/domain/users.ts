/**
 * User profiles. Email addresses are private: only the user themself sees theirs.
 */
import type { User } from '@parley/protocol';
import type { Store, UserRow } from '../store/types.js';
import { AppError } from './errors.js';
import { normalizeSearchQuery } from './searchQuery.js';
import type { Domain } from './domain.js';

/** Search results are for a people picker: one short page, so search cannot list everyone. */
const SEARCH_LIMIT = 20;

export function publicUser(row: UserRow, viewerId: number): User {
  // Optional fields appear only when they say something, so the SPEC shape stays as it was.
  const avatar = row.avatar_url ? { avatar_url: row.avatar_url } : {};
  if (row.id !== viewerId) return { id: row.id, full_name: row.full_name, ...avatar };
  return { id: row.id, email: row.email, full_name: row.full_name, ...avatar, ...(row.role === 'admin' ? { role: row.role } : {}) };
}

export function createUsers(store: Store): Domain['users'] {
  return {
    async me(userId) {
      const row = await store.users.byId(userId);
      if (!row) throw new AppError('unauthorized', 'account no longer exists');
      return publicUser(row, userId);
    },

    async get(viewerId, id) {
      const row = await store.users.byId(id);
      if (!row) throw new AppError('not_found', 'user not found');
      return publicUser(row, viewerId);
    },

    async search(viewerId, q) {
      const query = normalizeSearchQuery(q);
      const rows = await store.users.search(query, viewerId, SEARCH_LIMIT);
      return rows.map((r) => publicUser(r, viewerId));
    },

    async names(ids) {
      const unique = [...new Set(ids)];
      const rows = unique.length ? await store.users.byIds(unique) : [];
      return new Map(rows.map((r) => [r.id, r.full_name]));
    },
  };
}
