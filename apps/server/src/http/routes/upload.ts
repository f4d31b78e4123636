/**
 * POST /upload streams the raw body to `<dataDir>/uploads/<random>.<ext>` under a hard
 * byte cap (413 the moment it is crossed, with or without Content-Length), a type
 * allow-list (415 before any byte is read) and the per-user and total quotas (413,
 * checked before reading when the length is declared and again once the size is known).
 * Each file gets a row: owner, original name (from X-Filename, cleaned), size, type.
 *
 * GET /upload/files/:name serves a file to its owner or a member of a chat that shows it
 * (bearer token), or to whoever holds a signed, expiring link (`?exp=&sig=`, for <img>
 * tags); GET /upload/files/:name/link issues such a link with the file's metadata. The
 * name must match a strict pattern, so no path can escape the uploads folder.
 */
import { mkdirSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadResponse } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import { createRateLimiter } from '../../domain/rateLimit.js';
import { cleanFileName } from '../../domain/uploadNames.js';
import { newUploadName, UPLOAD_NAME, UPLOAD_URL_PREFIX, uploadsDir } from '../../domain/uploads.js';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';

/** The original name for the save dialog: ASCII fallback plus RFC 5987 UTF-8 form. */
function contentDisposition(kind: string, original: string, stored: string): string {
  const ascii = original.replace(/[^\x20-\x7e]|["\\]/g, '_') || stored;
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(original)}`;
}

/** `image/png; charset=…` → `image/png`. */
function mediaType(header: string): string {
  return header.split(';')[0]!.trim().toLowerCase();
}

export function uploadRoutes({ config, log, domain }: HttpDeps): Route[] {
  const dir = uploadsDir(config.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const typeByExt = new Map(Object.entries(config.uploadTypes).map(([type, ext]) => [ext, type]));
  const limiter = createRateLimiter({
    upload: { perSecond: config.rateLimits.restWritesPerSecond, burst: config.rateLimits.restWriteBurst },
  });

  return [
    {
      method: 'post',
      pattern: '/upload',
      auth: true,
      body: 'raw',
      maxBodyBytes: config.maxUploadBytes,
      precheck(ctx) {
        const type = mediaType(ctx.headers.contentType);
        if (!config.uploadTypes[type]) {
          throw new AppError('unsupported_media_type', `content type '${type || 'none'}' is not accepted; allowed: ${Object.keys(config.uploadTypes).join(', ')}`);
        }
        limiter.consume('upload', ctx.userId);
      },
      async handle(ctx) {
        const reader = ctx.raw!;
        const contentType = mediaType(ctx.headers.contentType);
        const declared = Number(ctx.headers.contentLength);
        // Refuse before reading a byte when the declared length already cannot fit.
        if (ctx.headers.contentLength !== '' && Number.isFinite(declared)) await domain.uploads.checkQuota(ctx.userId, declared);
        const ext = config.uploadTypes[contentType]!;
        const name = newUploadName(ext);
        const partial = join(dir, `.${name}.part`);
        const file = await open(partial, 'wx', 0o600);
        let size = 0;
        try {
          // Each pass consumes at least one chunk or ends, and the reader caps total
          // bytes, so this loop is bounded by the upload size.
          for (;;) {
            for (const chunk of reader.take()) {
              await file.write(chunk);
              size += chunk.length;
            }
            if (reader.ended) break;
            await reader.wait();
          }
          await reader.done;
          for (const chunk of reader.take()) {
            await file.write(chunk);
            size += chunk.length;
          }
          if (size === 0) throw new AppError('invalid', 'upload is empty');
          await file.sync();
          await file.close();
          // Only complete files ever carry a servable name.
          await rename(partial, join(dir, name));
        } catch (err) {
          await file.close().catch(() => undefined);
          await unlink(partial).catch(() => undefined);
          throw err;
        }
        const originalName = cleanFileName(ctx.headers.filename, ext);
        let row;
        try {
          row = await domain.uploads.record(ctx.userId, { name, originalName, size, contentType });
        } catch (err) {
          await unlink(join(dir, name)).catch(() => undefined);
          throw err;
        }
        log.debug({ userId: ctx.userId, name, size, contentType }, 'file uploaded');
        const link = domain.uploads.linkFor(row);
        const body: UploadResponse = { url: `${UPLOAD_URL_PREFIX}${name}`, size, content_type: contentType, name: originalName, download_url: link.url };
        return { status: 201, json: body };
      },
    },
    {
      method: 'get',
      pattern: '/upload/files/:name/link',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.uploads.link(ctx.userId, ctx.params.name ?? '') };
      },
    },
    {
      method: 'get',
      pattern: '/upload/files/:name',
      // A signed link needs no token, but a token given must be of a live session of an
      // active account: a signed-out or deactivated caller is refused, not served as anonymous.
      auth: 'optional',
      async handle(ctx) {
        if (ctx.authError) throw ctx.authError;
        const name = ctx.params.name ?? '';
        const ext = name.slice(name.lastIndexOf('.') + 1);
        const type = typeByExt.get(ext);
        if (!UPLOAD_NAME.test(name) || !type) throw new AppError('not_found', 'file not found');
        const row = await domain.uploads.authorize(name, ctx.userId, ctx.query);
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (!info?.isFile()) throw new AppError('not_found', 'file not found');
        const disposition = type.startsWith('image/') ? 'inline' : 'attachment';
        return {
          status: 200,
          file: { path, size: info.size },
          headers: {
            'Content-Type': type,
            'X-Content-Type-Options': 'nosniff',
            'Content-Disposition': contentDisposition(disposition, row.original_name, name),
            // Even if opened directly, the file cannot run script in our origin.
            'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
            // A name is never reused for other content; access is checked on every request.
            'Cache-Control': 'private, no-cache',
          },
        };
      },
    },
  ];
}
