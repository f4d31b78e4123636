import { HTTP_STATUS_BY_CODE, type ApiErrorCode } from '@parley/protocol';

export interface AppErrorDetails {
  /** For `rate_limited`: when the next attempt can succeed. */
  retryAfterMs?: number;
  /**
   * A finer reason under the same REST code. `too_long` content is a 422 `invalid`
   * over REST but its own `too_long` code in WebSocket error frames (SPEC §3).
   * `unknown_target` (an edit/delete/reaction naming no message) is a 404 over REST
   * and `invalid` in an error frame.
   */
  reason?: 'too_long' | 'unknown_target';
}

/**
 * The one error type domain code throws for expected failures. `http/respond.ts`
 * turns it into `{error:{code,message}}` and the realtime gateway into an `error`
 * frame, each in exactly one place. Anything else thrown is a bug and becomes
 * `internal`, logged with its stack.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: AppErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = HTTP_STATUS_BY_CODE[code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
