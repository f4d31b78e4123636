/**
 * Request bodies from uWS. uWS hands out chunks only to an `onData` handler attached
 * synchronously inside the route handler, and each chunk's memory is reused once the
 * callback returns, so chunks are copied here. A hard byte cap is enforced as data
 * arrives, whether or not the client sent Content-Length.
 */
import type { HttpResponse } from '../transport/uws.js';

export interface BodyReader {
  /** Resolves at end of body; rejects with BodyTooLarge past the cap or BodyAborted. */
  readonly done: Promise<void>;
  /** Pull the chunks received so far (empties the queue). */
  take(): Buffer[];
  /** Resolves when new chunks arrive or the body ends. */
  wait(): Promise<void>;
  bytes: number;
  /** True once the body ended, overflowed or was aborted. */
  readonly ended: boolean;
  /** True once the last byte of the body arrived (an answer may then keep the connection). */
  readonly complete: boolean;
  /** The client went away: fail the read. */
  abort(): void;
}

export class BodyTooLarge extends Error {}
export class BodyAborted extends Error {}

/**
 * Attaches to `res.onData` now. Above `pauseAboveBytes` of unconsumed data the socket
 * is paused until the consumer catches up, so a fast uploader cannot fill memory.
 */
export function readBody(res: HttpResponse, maxBytes: number, pauseAboveBytes = Infinity, onTooLarge?: () => void): BodyReader {
  let queue: Buffer[] = [];
  let queued = 0;
  let paused = false;
  let waiter: (() => void) | null = null;
  let settle!: { resolve: () => void; reject: (e: Error) => void };
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Consumers may only look at `done` later; avoid an unhandled rejection meanwhile.
  done.catch(() => undefined);
  let finished = false;
  let complete = false;
  const wake = () => {
    const w = waiter;
    waiter = null;
    w?.();
  };
  const reader: BodyReader = {
    done,
    bytes: 0,
    get ended() {
      return finished;
    },
    get complete() {
      return complete;
    },
    take() {
      const out = queue;
      queue = [];
      queued = 0;
      if (paused && !finished) {
        paused = false;
        res.resume();
      }
      return out;
    },
    abort() {
      if (finished) return;
      finished = true;
      settle.reject(new BodyAborted());
      wake();
    },
    wait() {
      if (finished || queue.length > 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiter = resolve;
      });
    },
  };
  res.onData((chunk, isLast) => {
    if (finished) return;
    reader.bytes += chunk.byteLength;
    if (reader.bytes > maxBytes) {
      finished = true;
      queue = [];
      settle.reject(new BodyTooLarge());
      wake();
      onTooLarge?.();
      return;
    }
    if (chunk.byteLength > 0) {
      queue.push(Buffer.copyBytesFrom(new Uint8Array(chunk)));
      queued += chunk.byteLength;
    }
    if (isLast) {
      finished = true;
      complete = true;
      settle.resolve();
    } else if (queued > pauseAboveBytes && !paused) {
      paused = true;
      res.pause();
    }
    wake();
  });
  return reader;
}

/** Reads a whole (small) body into one buffer. */
export async function collect(reader: BodyReader): Promise<Buffer> {
  await reader.done;
  return Buffer.concat(reader.take());
}
