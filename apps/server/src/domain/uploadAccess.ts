/**
 * Who may keep and fetch uploaded files. Quotas bound what one account and the whole
 * server store; a download needs the owner's or a chat member's token, or a signed URL
 * handed to one of them; files nobody attached within the grace period are swept.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadLink } from '@parley/protocol';
import type { ResourceLimits } from '../limitsConfig.js';
import type { Logger } from '../observability/log.js';
import type { Store, UploadRow } from '../store/types.js';
import { AppError } from './errors.js';
import { signUploadUrl, verifyUploadSignature } from './uploadNames.js';
import { UPLOAD_NAME, UPLOAD_URL_PREFIX, uploadsDir } from './uploads.js';

export interface UploadAccessDeps {
  store: Store;
  dataDir: string;
  jwtSecret: string;
  limits: ResourceLimits;
  log: Logger;
}

/** Rows examined per sweep pass; the next pass continues where this one stopped. */
const SWEEP_BATCH = 500;

/** 1536 → "1.5 KiB": quota messages are read by people. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Math.round(value * 10) / 10} ${units[unit]}`;
}

export function createUploadAccess({ store, dataDir, jwtSecret, limits, log }: UploadAccessDeps) {
  const dir = uploadsDir(dataDir);

  /** Throws 413 when keeping `bytes` more would pass the user's or the server's quota. */
  async function checkQuota(userId: number, bytes: number): Promise<void> {
    const { user, total } = await store.uploads.usage(userId);
    if (user + bytes > limits.uploadQuotaBytesPerUser) {
      throw new AppError('payload_too_large', `upload quota exceeded: you keep ${formatBytes(user)} of ${formatBytes(limits.uploadQuotaBytesPerUser)}; delete messages with attachments to make room`);
    }
    if (total + bytes > limits.uploadQuotaBytesTotal) {
      throw new AppError('payload_too_large', `the server's storage for uploads is full (${formatBytes(limits.uploadQuotaBytesTotal)}); ask its administrator`);
    }
  }

  async function mayRead(userId: number, row: UploadRow): Promise<boolean> {
    return row.owner_id === userId || (await store.uploads.visibleTo(`${UPLOAD_URL_PREFIX}${row.name}`, userId));
  }

  return {
    checkQuota,

    /** Records a stored file; the quota is checked again now that its real size is known. */
    async record(userId: number, file: { name: string; originalName: string; size: number; contentType: string }): Promise<UploadRow> {
      await checkQuota(userId, file.size);
      return store.uploads.create({ name: file.name, owner_id: userId, original_name: file.originalName, size: file.size, content_type: file.contentType });
    },

    /**
     * The row of a file the caller may download: a valid unexpired signature, or a token
     * (`userId` > 0) of the owner or a member of a chat that shows it. Anything else is
     * 404 (401 when no credentials came at all), so a stranger cannot learn a name exists.
     */
    async authorize(name: string, userId: number, query: URLSearchParams): Promise<UploadRow> {
      const row = UPLOAD_NAME.test(name) ? await store.uploads.byName(name) : null;
      if (!row) throw new AppError('not_found', 'file not found');
      if (verifyUploadSignature(jwtSecret, name, query.get('exp'), query.get('sig'))) return row;
      if (userId > 0 && (await mayRead(userId, row))) return row;
      if (userId === 0 && !query.has('sig')) throw new AppError('unauthorized', 'downloading a file needs a bearer token or a signed link');
      throw new AppError('not_found', 'file not found');
    },

    /** A signed, expiring URL and the file's metadata, for someone allowed to see it. */
    async link(userId: number, name: string): Promise<UploadLink> {
      const row = UPLOAD_NAME.test(name) ? await store.uploads.byName(name) : null;
      if (!row || !(await mayRead(userId, row))) throw new AppError('not_found', 'file not found');
      return linkFor(row);
    },

    linkFor,

    /**
     * Deletes uploads nobody attached within the grace period (row, then file), and files
     * on disk that have no row at all and are older than the grace period (left by a
     * crash between writing and recording, or by a version before rows existed).
     */
    async sweep(nowMs = Date.now()): Promise<number> {
      const cutoff = nowMs - limits.uploadGraceMs;
      let removed = 0;
      for (const row of await store.uploads.unattachedBefore(new Date(cutoff).toISOString(), SWEEP_BATCH)) {
        await store.uploads.remove(row.name);
        await rm(join(dir, row.name), { force: true });
        removed++;
      }
      for (const name of (await readdir(dir).catch(() => [] as string[])).slice(0, SWEEP_BATCH * 4)) {
        if (!UPLOAD_NAME.test(name)) continue;
        const info = await stat(join(dir, name)).catch(() => null);
        if (!info || info.mtimeMs >= cutoff || (await store.uploads.byName(name))) continue;
        await rm(join(dir, name), { force: true });
        removed++;
      }
      if (removed > 0) log.info({ removed }, 'removed uploads nobody attached');
      return removed;
    },
  };

  function linkFor(row: UploadRow): UploadLink {
    const signed = signUploadUrl(jwtSecret, row.name, limits.signedUrlTtlMs);
    return { url: signed.url, name: row.original_name, size: row.size, content_type: row.content_type, expires_at: signed.expiresAt };
  }
}

export type UploadAccess = ReturnType<typeof createUploadAccess>;
