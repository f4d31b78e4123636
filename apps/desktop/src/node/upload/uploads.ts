/**
 * Uploads in flight for the bridge: each streams through uploadFile() with progress
 * pushed to the renderer as `upload.progress`, can be cancelled by its id, and on
 * success its original name is kept in the cache by URL, so the message shows
 * "report.pdf" at once rather than the server's random file name.
 */
import type { UploadResponse } from '@parley/protocol';
import type { CoreContext } from '../app/context.js';
import { BridgeError } from '../bridge/dispatch.js';
import { uploadFile } from './uploader.js';

/** Progress events at most this often per upload (plus the first and the last). */
const PROGRESS_EVERY_MS = 50;

export class Uploads {
  private readonly running = new Map<string, AbortController>();
  private anonymous = 0;

  constructor(private readonly ctx: CoreContext) {}

  async start(req: { name: string; type: string; bytes: Uint8Array; uploadId?: string | undefined }): Promise<UploadResponse> {
    const serverUrl = this.ctx.session.current?.serverUrl;
    const token = this.ctx.session.accessToken;
    if (!serverUrl || !token) throw new BridgeError('signed_out', 'Sign in to send files.');
    const id = req.uploadId ?? `main-${++this.anonymous}`;
    if (this.running.has(id)) throw new BridgeError('invalid', `upload ${id} is already running`);
    const abort = new AbortController();
    this.running.set(id, abort);
    let lastAt = 0;
    try {
      const result = await uploadFile({
        serverUrl,
        token,
        name: req.name,
        type: req.type,
        bytes: req.bytes,
        signal: abort.signal,
        onProgress: (sent, total) => {
          const now = this.ctx.clock.now();
          if (sent !== 0 && sent !== total && now - lastAt < PROGRESS_EVERY_MS) return;
          lastAt = now;
          if (req.uploadId) this.ctx.events.emit('upload.progress', { uploadId: req.uploadId, sent, total });
        },
      });
      // The server's cleaned name is the one every member sees; an older server keeps none.
      const name = result.name ?? req.name;
      await this.ctx.cache.nameAttachments({ [result.url]: name });
      this.ctx.events.emit('attachments.named', { [result.url]: name });
      return { ...result, name };
    } finally {
      this.running.delete(id);
    }
  }

  cancel(uploadId: string): void {
    this.running.get(uploadId)?.abort();
  }

  /** Signing out or quitting: nothing keeps sending with a token that is going away. */
  cancelAll(): void {
    for (const abort of this.running.values()) abort.abort();
  }
}
