/** Uploaded files: reads on the main thread, writes through the writer. */
import type { UploadRow, UploadStore } from '../types.js';
import type { SqliteContext } from './context.js';

const COLUMNS = 'name, owner_id, original_name, size, content_type, created_at, attached_at';

export function createUploadStore({ read, writer, timed }: SqliteContext): UploadStore {
  const byName = read.prepare(`SELECT ${COLUMNS} FROM uploads WHERE name = ?`);
  const userBytes = read.prepare('SELECT coalesce(sum(size), 0) FROM uploads WHERE owner_id = ?').pluck();
  const totalBytes = read.prepare('SELECT coalesce(sum(size), 0) FROM uploads').pluck();
  const visible = read.prepare(
    `SELECT 1 FROM messages m JOIN chat_members cm ON cm.chat_id = m.chat_id
      WHERE m.attachment = ? AND cm.user_id = ?
     UNION ALL SELECT 1 FROM users WHERE avatar_url = ? LIMIT 1`,
  ).pluck();
  const unattached = read.prepare(`SELECT ${COLUMNS} FROM uploads WHERE attached_at IS NULL AND created_at < ? ORDER BY created_at LIMIT ?`);

  return {
    create: (row) => timed('uploads.create', () => writer.call('upload.create', row)),
    byName: (name) => timed('uploads.byName', () => (byName.get(name) as UploadRow | undefined) ?? null),
    usage: (ownerId) => timed('uploads.usage', () => ({ user: userBytes.get(ownerId) as number, total: totalBytes.get() as number })),
    markAttached: (name) => timed('uploads.markAttached', async () => {
      await writer.call('upload.markAttached', { name });
    }),
    visibleTo: (url, userId) => timed('uploads.visibleTo', () => visible.get(url, userId, url) !== undefined),
    unattachedBefore: (beforeIso, limit) => timed('uploads.unattachedBefore', () => unattached.all(beforeIso, limit) as UploadRow[]),
    remove: (name) => timed('uploads.remove', async () => {
      await writer.call('upload.remove', { name });
    }),
  };
}
