import { z } from 'zod';
import { LIMITS } from './limits.js';

/** Database ids are positive integers. */
export const Id = z.number().int().positive();
/** ISO-8601 UTC, e.g. `2024-01-01T12:00:00.000Z`. */
export const Timestamp = z.string();
/** 1–64 printable ASCII characters (SPEC §3). */
export const ClientId = z
  .string()
  .min(1)
  .max(LIMITS.maxClientIdChars)
  .regex(/^[\x21-\x7e]+$/, 'client_id must be printable ASCII without spaces');
/** Message/post content; the length limit is checked separately so it maps to `too_long`. */
export const Content = z.string();
/** Attachment URL as returned by POST /upload. */
export const AttachmentUrl = z.string().regex(/^\/upload\/files\/[A-Za-z0-9_-]{16,64}(\.[A-Za-z0-9]{1,10})?$/);

/**
 * What the server recorded for a message's attachment at upload time: the original file
 * name (from `X-Filename`, cleaned) and its size in bytes. Null when the message has no
 * attachment or the file predates recorded names; absent from older servers. Spread
 * into the `Message` and `new_message` schemas so both carry the same fields.
 */
export const AttachmentMetaFields = {
  attachment_name: z.string().nullable().optional(),
  attachment_size: z.number().int().nonnegative().nullable().optional(),
};

export function isoNow(): string {
  return new Date().toISOString();
}
