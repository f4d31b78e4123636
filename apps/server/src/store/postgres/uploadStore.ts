/** Uploaded files. */
import { AppError } from '../../domain/errors.js';
import type { UploadRow, UploadStore } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode } from './pool.js';

const COLUMNS = 'name, owner_id, original_name, size, content_type, created_at, attached_at';

export function createUploadStore({ rows, timed }: PgContext): UploadStore {
  return {
    create: (row) => timed('uploads.create', async () => {
      try {
        const [created] = await rows<UploadRow>(
          `INSERT INTO uploads (name, owner_id, original_name, size, content_type) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
          [row.name, row.owner_id, row.original_name, row.size, row.content_type],
        );
        return created!;
      } catch (err) {
        if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION) throw new AppError('not_found', 'user not found');
        throw err;
      }
    }),
    byName: (name) => timed('uploads.byName', async () => (await rows<UploadRow>(`SELECT ${COLUMNS} FROM uploads WHERE name = $1`, [name]))[0] ?? null),
    usage: (ownerId) => timed('uploads.usage', async () => {
      const [row] = await rows<{ user_bytes: string; total_bytes: string }>(
        `SELECT coalesce(sum(size) FILTER (WHERE owner_id = $1), 0)::text AS user_bytes, coalesce(sum(size), 0)::text AS total_bytes FROM uploads`,
        [ownerId],
      );
      return { user: Number(row!.user_bytes), total: Number(row!.total_bytes) };
    }),
    markAttached: (name) => timed('uploads.markAttached', async () => {
      await rows('UPDATE uploads SET attached_at = now() WHERE name = $1 AND attached_at IS NULL', [name]);
    }),
    visibleTo: (url, userId) => timed('uploads.visibleTo', async () =>
      (await rows(
        `(SELECT 1 FROM messages m JOIN chat_members cm ON cm.chat_id = m.chat_id
           WHERE m.attachment = $1 AND cm.user_id = $2 LIMIT 1)
         UNION ALL (SELECT 1 FROM users WHERE avatar_url = $1 LIMIT 1) LIMIT 1`,
        [url, userId],
      )).length > 0,
    ),
    unattachedBefore: (beforeIso, limit) => timed('uploads.unattachedBefore', () =>
      rows<UploadRow>(`SELECT ${COLUMNS} FROM uploads WHERE attached_at IS NULL AND created_at < $1 ORDER BY created_at LIMIT $2`, [beforeIso, limit]),
    ),
    remove: (name) => timed('uploads.remove', async () => {
      await rows('DELETE FROM uploads WHERE name = $1', [name]);
    }),
  };
}
