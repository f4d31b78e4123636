import { z } from 'zod';

export const UploadResponse = z.object({
  url: z.string(),
  size: z.number().int().nonnegative(),
  content_type: z.string(),
  /** The original file name, on servers that keep it. */
  name: z.string().optional(),
});
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
