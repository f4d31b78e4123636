/**
 * Streams one file to the server's POST /upload (SPEC §2): the raw bytes in chunks, the
 * original name in `X-Filename` (percent-encoded, since a header cannot carry every
 * name), and a progress report after each chunk has been handed to the socket, so the
 * numbers only grow and the last one equals the size. An AbortSignal cancels it at any
 * point. The server's refusals become UploadError codes the UI can word for people:
 * `payload_too_large` (413), `unsupported_media_type` (415), or its own code.
 *
 * The request asks `Expect: 100-continue` and sends no byte before the server agrees:
 * a server that refuses on the headers alone (too large by Content-Length, a type it
 * does not take, a bad token) answers at once, and that answer is read intact instead of
 * being lost to a connection reset while the body is still being pushed at a server that
 * stopped reading. A server that never says "continue" gets the body after a second anyway.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { UploadResponse } from '@parley/protocol';

/** Bytes written per chunk: small enough for a smooth progress bar, large enough to be cheap. */
export const UPLOAD_CHUNK_BYTES = 64 * 1024;
/** How long to wait for `100 Continue` before sending the body regardless (as curl does). */
export const CONTINUE_TIMEOUT_MS = 1000;

export class UploadError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export interface UploadInput {
  serverUrl: string;
  token: string;
  /** The original file name; the message shows it. */
  name: string;
  type: string;
  bytes: Uint8Array;
  /** Called with bytes sent so far (non-decreasing, ending at bytes.length on success). */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function refusal(status: number, body: string, input: UploadInput): UploadError {
  let code = 'upload_failed';
  let message = `The server answered ${status}.`;
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    if (parsed.error?.code) code = parsed.error.code;
    if (parsed.error?.message) message = parsed.error.message;
  } catch {
    // Not the SPEC's JSON error (a proxy's page, say): keep the status line.
  }
  if (status === 413) return new UploadError('payload_too_large', `${input.name} is too large for this server (${message}).`, status);
  if (status === 415) return new UploadError('unsupported_media_type', `${input.name} cannot be sent: this server does not accept ${input.type || 'that type of'} files.`, status);
  return new UploadError(code, message, status);
}

export function uploadFile(input: UploadInput): Promise<UploadResponse> {
  const url = new URL('upload', input.serverUrl.endsWith('/') ? input.serverUrl : `${input.serverUrl}/`);
  const total = input.bytes.length;
  return new Promise<UploadResponse>((resolve, reject) => {
    if (input.signal?.aborted) {
      reject(new UploadError('cancelled', 'Upload cancelled.'));
      return;
    }
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      input.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req: ClientRequest = send(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${input.token}`,
        'Content-Type': input.type || 'application/octet-stream',
        'Content-Length': String(total),
        'X-Filename': encodeURIComponent(input.name),
        Expect: '100-continue',
      },
    });
    let continueTimer: NodeJS.Timeout | null = null;
    const onAbort = () => {
      finish(() => reject(new UploadError('cancelled', 'Upload cancelled.')));
      req.destroy();
    };
    input.signal?.addEventListener('abort', onAbort, { once: true });

    // The server may answer (413, 415, 401) before it has read everything: that answer
    // is the outcome, and the broken pipe that follows is not.
    req.on('response', (res) => {
      if (continueTimer) clearTimeout(continueTimer);
      readBody(res).then(
        (body) =>
          finish(() => {
            if (res.statusCode === 201) {
              try {
                resolve(JSON.parse(body) as UploadResponse);
              } catch {
                reject(new UploadError('upload_failed', 'The server sent an unreadable answer.', 201));
              }
            } else {
              reject(refusal(res.statusCode ?? 0, body, input));
            }
          }),
        (err: Error) => finish(() => reject(new UploadError('network', err.message))),
      );
    });
    req.on('error', (err) => {
      // Give an early answer a moment to arrive before calling it a network failure.
      setTimeout(() => finish(() => reject(new UploadError('network', `Could not reach the server: ${err.message}`))), 50);
    });

    let sent = 0;
    let started = false;
    const writeNext = () => {
      while (sent < total && !settled) {
        const end = Math.min(sent + UPLOAD_CHUNK_BYTES, total);
        const chunk = input.bytes.subarray(sent, end);
        const flushed = req.write(chunk, (err) => {
          if (err || settled) return;
          input.onProgress?.(end, total);
        });
        sent = end;
        if (!flushed) {
          req.once('drain', writeNext);
          return;
        }
      }
      if (sent >= total) req.end();
    };
    const startBody = () => {
      if (continueTimer) clearTimeout(continueTimer);
      if (started || settled) return;
      started = true;
      writeNext();
    };
    input.onProgress?.(0, total);
    req.on('continue', startBody);
    req.flushHeaders();
    continueTimer = setTimeout(startBody, CONTINUE_TIMEOUT_MS);
  });
}
