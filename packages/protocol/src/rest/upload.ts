import { z } from 'zod';

export const UploadResponse = z.object({
  url: z.string(),
  size: z.number().int().nonnegative(),
  content_type: z.string(),
  /**
   * The name it was uploaded under (X-Filename, cleaned): what every member sees, as the
   * message's `attachment_name`. Optional only for servers that predate it.
   */
  name: z.string().optional(),
  /** A signed, expiring download URL for the uploader's own preview. */
  download_url: z.string().optional(),
});

/** GET /upload/files/:name/link: a signed, expiring download URL and the file's metadata. */
export const UploadLink = z.object({
  url: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  content_type: z.string(),
  expires_at: z.string(),
});
export type UploadLink = z.infer<typeof UploadLink>;
export type UploadResponse = z.infer<typeof UploadResponse>;

/** Content types the server accepts by default, with the extension it stores. */
export const UPLOAD_TYPES: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'application/zip': 'zip',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
};
