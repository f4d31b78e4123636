/**
 * Writer-thread ops for uploads, blocks and ending connections (issue 12). Kept out of
 * writeOps.ts so that file stays about messages and chats; writeOps spreads these in.
 */
import { CONNECTION_COLUMNS, toConnection, type ConnectionDbRow } from '../rows.js';
import type { UploadRow } from '../types.js';
import { sqliteCode, type Db } from './db.js';
import { WriteFailure } from './writeProtocol.js';

export function createSocialUploadOps(db: Db) {
  const now = () => new Date().toISOString();
  const s = {
    insertUpload: db.prepare(
      `INSERT INTO uploads (name, owner_id, original_name, size, content_type, created_at) VALUES (?, ?, ?, ?, ?, ?)
       RETURNING name, owner_id, original_name, size, content_type, created_at, attached_at`,
    ),
    attachUpload: db.prepare('UPDATE uploads SET attached_at = ? WHERE name = ? AND attached_at IS NULL'),
    deleteUpload: db.prepare('DELETE FROM uploads WHERE name = ?'),
    deleteConnection: db.prepare(`DELETE FROM connections WHERE id = ? RETURNING ${CONNECTION_COLUMNS}`),
    deletePair: db.prepare(
      `DELETE FROM connections WHERE min(from_user_id, to_user_id) = ? AND max(from_user_id, to_user_id) = ? RETURNING ${CONNECTION_COLUMNS}`,
    ),
    insertBlock: db.prepare('INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    deleteBlock: db.prepare('DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?'),
  };

  return {
    'upload.create'(input: Omit<UploadRow, 'created_at' | 'attached_at'>): UploadRow {
      try {
        return s.insertUpload.get(input.name, input.owner_id, input.original_name, input.size, input.content_type, now()) as UploadRow;
      } catch (err) {
        if (sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new WriteFailure('not_found', 'user not found');
        throw err;
      }
    },
    'upload.markAttached'({ name }: { name: string }): null {
      s.attachUpload.run(now(), name);
      return null;
    },
    'upload.remove'({ name }: { name: string }): null {
      s.deleteUpload.run(name);
      return null;
    },
    'connection.remove'({ id }: { id: number }) {
      const row = s.deleteConnection.get(id) as ConnectionDbRow | undefined;
      return row ? toConnection(row) : null;
    },
    'block.add'({ blockerId, blockedId }: { blockerId: number; blockedId: number }) {
      let created: boolean;
      try {
        created = s.insertBlock.run(blockerId, blockedId, now()).changes > 0;
      } catch (err) {
        if (sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new WriteFailure('not_found', 'user not found');
        throw err;
      }
      const removed = s.deletePair.get(Math.min(blockerId, blockedId), Math.max(blockerId, blockedId)) as ConnectionDbRow | undefined;
      return { created, removedConnection: removed ? toConnection(removed) : null };
    },
    'block.remove'({ blockerId, blockedId }: { blockerId: number; blockedId: number }): boolean {
      return s.deleteBlock.run(blockerId, blockedId).changes > 0;
    },
  };
}
