/**
 * Uploads in flight for the bridge: each streams through uploadFile() with progress
 * pushed to the renderer as `upload.progress`, can be cancelled by its id, and on
 * success its original name is kept in the cache by URL, so the message shows
 * "report.pdf" at once rather than the server's random file name.
 */
import type { UploadResponse } from '@parley/protocol';
import type { CoreContext } from '../app/context.js';
import { BridgeError } from '../bridge/dispatch.js';
import { UploadError, uploadFile } from './uploader.js';

/** Progress events at most this often per upload (plus the first and the last). */
const PROGRESS_EVERY_MS = 50;

export class Uploads {
  private readonly running = new Map<string, AbortController>();
  private anonymous = 0;

  constructor(private readonly ctx: CoreContext) {}

  async start(req: { name: string; type: string; bytes: Uint8Array; uploadId?: string | undefined }): Promise<UploadResponse> {
    const serverUrl = this.ctx.session.current?.serverUrl;
    if (!serverUrl || !this.ctx.session.accessToken) throw new BridgeError('signed_out', 'Sign in to send files.');
    const id = req.uploadId ?? `main-${++this.anonymous}`;
    if (this.running.has(id)) throw new BridgeError('invalid', `upload ${id} is already running`);
    const abort = new AbortController();
    this.running.set(id, abort);
    let lastAt = 0;
    try {
      const result = await this.withFreshToken(abort.signal, (token) =>
        uploadFile({
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
        }),
      );
      // The server's cleaned name is the one every member sees; an older server keeps none.
      const name = result.name ?? req.name;
      await this.ctx.cache.nameAttachments({ [result.url]: name });
      this.ctx.events.emit('attachments.named', { [result.url]: name });
      return { ...result, name };
    } finally {
      this.running.delete(id);
    }
  }

  /**
   * Access tokens live minutes, so the one in hand may have expired by the time a file
   * is sent (a machine waking from sleep, say). A 401 renews the token once and sends again,
   * as the API client does for every other call; the server refuses on the headers
   * (the uploader waits for `100 Continue`), so the retry resends little or nothing twice.
   */
  private async withFreshToken(signal: AbortSignal, send: (token: string) => Promise<UploadResponse>): Promise<UploadResponse> {
    const token = this.ctx.session.accessToken;
    if (!token) throw new BridgeError('signed_out', 'Sign in to send files.');
    try {
      return await send(token);
    } catch (err) {
      if (!(err instanceof UploadError) || err.status !== 401 || signal.aborted || !(await this.ctx.session.refresh())) throw err;
      const renewed = this.ctx.session.accessToken;
      if (!renewed || signal.aborted) throw err;
      return send(renewed);
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
