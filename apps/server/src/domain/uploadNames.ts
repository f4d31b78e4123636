/**
 * What an upload is called and how a download link is signed.
 *
 * The original file name arrives in `X-Filename` (percent-encoded by our clients, since
 * HTTP headers are Latin-1). It is only ever shown, never used as a path, but it is
 * still cleaned: no directories, no control, zero-width or bidi-override characters
 * (which could make `exe.txt` read as `txt.exe`), at most 200 characters.
 *
 * Signed URLs let an `<img>` (which cannot send a bearer token) fetch a file:
 * `/upload/files/<name>?exp=<unix seconds>&sig=<HMAC-SHA256>`. The key is derived from the
 * server secret with its own label, so a URL signature can never pass as a token's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { UPLOAD_URL_PREFIX } from './uploads.js';

const MAX_NAME_CHARS = 200;

export function cleanFileName(header: string, ext: string): string {
  let raw = header;
  try {
    raw = decodeURIComponent(header);
  } catch {
    // Not percent-encoded (or malformed): keep the header as it came.
  }
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/, '');
  const capped = [...cleaned].slice(0, MAX_NAME_CHARS).join('');
  return capped || `file.${ext}`;
}

function urlKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('parley upload url v1').digest();
}

function signature(secret: string, name: string, exp: number): string {
  return createHmac('sha256', urlKey(secret)).update(`${name}\n${exp}`).digest('base64url');
}

export interface SignedUrl {
  url: string;
  expiresAt: string;
}

/** A download URL for `name` valid until `nowMs + ttlMs` (rounded to whole seconds). */
export function signUploadUrl(secret: string, name: string, ttlMs: number, nowMs = Date.now()): SignedUrl {
  const exp = Math.floor((nowMs + ttlMs) / 1000);
  return { url: `${UPLOAD_URL_PREFIX}${name}?exp=${exp}&sig=${signature(secret, name, exp)}`, expiresAt: new Date(exp * 1000).toISOString() };
}

/** Whether `exp`/`sig` from a query string authorize `name` right now. */
export function verifyUploadSignature(secret: string, name: string, exp: string | null, sig: string | null, nowMs = Date.now()): boolean {
  if (!exp || !sig || !/^[0-9]{1,12}$/.test(exp)) return false;
  const expiry = Number(exp);
  if (expiry * 1000 <= nowMs) return false;
  const wanted = Buffer.from(signature(secret, name, expiry));
  const given = Buffer.from(sig);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
