/**
 * Where uploaded files live and what their names look like. One definition shared by
 * the upload routes (which write and serve files) and message sending (which checks an
 * attachment really was uploaded).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/types.js';

/** `<24 url-safe random chars>.<ext>`: unguessable, and no '/', '\\' or '..' can match. */
export const UPLOAD_NAME = /^[A-Za-z0-9_-]{24}\.[a-z0-9]{1,10}$/;
export const UPLOAD_URL_PREFIX = '/upload/files/';

export function uploadsDir(dataDir: string): string {
  return join(dataDir, 'uploads');
}

/** 18 random bytes → 24 base64url characters (144 bits: not guessable). */
export function newUploadName(ext: string): string {
  return `${randomBytes(18).toString('base64url')}.${ext}`;
}

/** The file name an attachment URL points to, or null when it is not one of ours. */
export function uploadNameFromUrl(url: string): string | null {
  if (!url.startsWith(UPLOAD_URL_PREFIX)) return null;
  const name = url.slice(UPLOAD_URL_PREFIX.length);
  return UPLOAD_NAME.test(name) ? name : null;
}

/**
 * Deletes the file (and its row) behind a deleted message's attachment, unless another
 * message still shows it (an upload URL can be attached more than once) or it is
 * someone's avatar (an avatar can also be sent as an attachment).
 */
export async function removeUnusedUpload(store: Store, dataDir: string, url: string): Promise<void> {
  const name = uploadNameFromUrl(url);
  if (!name || (await store.messages.attachmentInUse(url))) return;
  await store.uploads.remove(name);
  await rm(join(uploadsDir(dataDir), name), { force: true });
}
