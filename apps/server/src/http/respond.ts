/**
 * Everything that writes an HTTP response. The one place where an AppError becomes
 * `{error:{code,message}}` with its status and where unexpected errors become a
 * logged 500 `internal` (the client never sees the stack). Every response carries the
 * CORS headers, since the REST API is called from browsers and the desktop renderer.
 */
import { createReadStream } from 'node:fs';
import type { ApiErrorBody } from '@parley/protocol';
import type { HttpResponse } from '../transport/uws.js';
import { isAppError } from '../domain/errors.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';

/** Tracks whether the client went away, since writing to an aborted uWS response crashes. */
export interface ResponseState {
  readonly res: HttpResponse;
  aborted: boolean;
  /** Set once a response has been written; later writes are ignored. */
  done: boolean;
  status: number;
}

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  // Bearer tokens, not cookies, authenticate requests, so any origin is safe to allow.
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Retry-After, Content-Disposition',
};

export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Filename',
  'Access-Control-Max-Age': '600',
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error',
};

function statusLine(status: number): string {
  return `${status} ${STATUS_TEXT[status] ?? 'Unknown'}`;
}

/**
 * Writes status, headers and body in one corked batch. `closeConnection` is for
 * answers sent before the request body was read (413), so the rest is not awaited.
 */
export function send(
  state: ResponseState,
  status: number,
  body: string | Buffer | null,
  headers: Readonly<Record<string, string>> = {},
  closeConnection = false,
): void {
  if (state.aborted || state.done) return;
  state.done = true;
  state.status = status;
  state.res.cork(() => {
    state.res.writeStatus(statusLine(status));
    for (const [k, v] of Object.entries(CORS_HEADERS)) state.res.writeHeader(k, v);
    for (const [k, v] of Object.entries(headers)) state.res.writeHeader(k, v);
    if (body === null) state.res.endWithoutBody(0, closeConnection);
    else state.res.end(body, closeConnection);
  });
}

export function sendJson(state: ResponseState, status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (status === 204) {
    send(state, 204, null, headers);
    return;
  }
  send(state, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

export interface ErrorContext {
  log: Logger;
  metrics: Metrics;
  method: string;
  path: string;
  closeConnection?: boolean;
}

/** The single mapping from a thrown value to an error response. */
export function sendError(state: ResponseState, err: unknown, ctx: ErrorContext): void {
  let status: number;
  let body: ApiErrorBody;
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
  if (isAppError(err)) {
    status = err.status;
    body = { error: { code: err.code, message: err.message } };
    if (err.details?.retryAfterMs !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(err.details.retryAfterMs / 1000)));
  } else {
    status = 500;
    body = { error: { code: 'internal', message: 'internal server error' } };
    ctx.log.error({ err, method: ctx.method, path: ctx.path }, 'request failed');
  }
  ctx.metrics.errorsTotal.inc({ code: body.error.code, via: 'http' });
  send(state, status, JSON.stringify(body), headers, ctx.closeConnection ?? false);
}

/** 405 has no AppError code (no domain rule produces it); it is answered only here. */
export function sendMethodNotAllowed(state: ResponseState, allowed: readonly string[], ctx: ErrorContext): void {
  ctx.metrics.errorsTotal.inc({ code: 'method_not_allowed', via: 'http' });
  const body = { error: { code: 'method_not_allowed', message: `use ${allowed.join(' or ')}` } };
  const headers = { 'Content-Type': 'application/json; charset=utf-8', Allow: [...allowed, 'OPTIONS'].join(', ') };
  send(state, 405, JSON.stringify(body), headers, ctx.closeConnection ?? false);
}

/** Bytes read from disk per step; uWS buffers what the socket cannot take yet. */
const FILE_CHUNK_BYTES = 64 * 1024;

/**
 * Streams a file of known size with uWS's tryEnd/onWritable backpressure, so a large
 * download never sits in memory and a slow client never grows the server's buffers.
 */
export function sendFile(
  state: ResponseState,
  path: string,
  size: number,
  headers: Readonly<Record<string, string>>,
  log: Logger,
): Promise<void> {
  return new Promise((resolve) => {
    if (state.aborted || state.done) return resolve();
    state.done = true;
    state.status = 200;
    const { res } = state;
    const stream = createReadStream(path, { highWaterMark: FILE_CHUNK_BYTES });
    let headersWritten = false;
    // Once the response is complete or aborted, uWS forbids touching `res`; the stream's
    // 'end' may still be queued when the last chunk completes it, so every handler checks.
    let finished = false;
    const finish = () => {
      finished = true;
      stream.destroy();
      resolve();
    };
    const writeHeaders = () => {
      if (headersWritten) return;
      headersWritten = true;
      res.writeStatus(statusLine(200));
      for (const [k, v] of Object.entries({ ...CORS_HEADERS, ...headers })) res.writeHeader(k, v);
    };
    res.onAborted(() => {
      state.aborted = true;
      finish();
    });
    if (size === 0) {
      res.cork(() => {
        writeHeaders();
        res.end();
      });
      return finish();
    }
    stream.on('error', (err) => {
      if (finished) return;
      log.error({ err, path }, 'reading upload failed');
      if (!state.aborted) res.cork(() => res.close());
      finish();
    });
    stream.on('data', (data) => {
      if (finished) return;
      const chunk = data as Buffer;
      const ab = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const lastOffset = res.getWriteOffset();
      let ok = false;
      let done = false;
      res.cork(() => {
        writeHeaders();
        [ok, done] = res.tryEnd(ab, size);
      });
      if (done) return finish();
      if (ok) return;
      stream.pause();
      res.onWritable((offset) => {
        if (finished) return true;
        const [retryOk, retryDone] = res.tryEnd(ab.subarray(offset - lastOffset), size);
        if (retryDone) finish();
        else if (retryOk) stream.resume();
        return retryOk;
      });
    });
    stream.on('end', () => {
      if (finished) return;
      // The file shrank under us: the promised length cannot be met.
      if (!state.aborted && res.getWriteOffset() < size) res.cork(() => res.close());
      finish();
    });
  });
}
