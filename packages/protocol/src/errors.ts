/**
 * Error codes (REST bodies and WebSocket `error` frames) and WebSocket close codes.
 *
 * Close codes follow the range convention that tells a client what to do next
 * (as Centrifuge does):
 *   4000–4499  transient: reconnect with backoff, resuming with `after_seq`
 *   4500–4999  terminal: do not reconnect with the same credentials
 * 1000/1001/1009 keep their RFC 6455 meaning.
 */

/** Codes carried by `{type:"error", code}` frames (SPEC §3). */
export const WS_ERROR_CODES = [
  'bad_json',
  'unknown_type',
  'invalid',
  'too_long',
  'rate_limited',
  'forbidden',
  'internal',
] as const;
export type WsErrorCode = (typeof WS_ERROR_CODES)[number];

/** Codes carried by REST `{error:{code, message}}` bodies. */
export const API_ERROR_CODES = [
  'invalid', // 422 body failed validation
  'bad_json', // 400 body is not JSON
  'unauthorized', // 401 missing/invalid/expired token or bad credentials
  'forbidden', // 403
  'not_found', // 404
  'conflict', // 409 e.g. email taken
  'payload_too_large', // 413
  'unsupported_media_type', // 415
  'rate_limited', // 429
  'internal', // 500
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const HTTP_STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  invalid: 422,
  bad_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

export const CLOSE_CODES = {
  /** Normal close requested by the client. */
  normal: 1000,
  /** Server going away (shutdown/restart): reconnect. */
  goingAway: 1001,
  /** Frame larger than the maximum frame size (RFC 6455 "message too big"). */
  messageTooBig: 1009,
  // 4000–4499: reconnect.
  /** The server is restarting; reconnect and resume. */
  serverRestart: 4000,
  /** The socket could not keep up (backpressure limit); reconnect and resume with after_seq. */
  slowConsumer: 4001,
  /** No pong/traffic within the idle timeout. */
  noPong: 4002,
  // 4500–4999: do not reconnect.
  /**
   * The token expired or its session was revoked (signed out, password changed, refresh
   * token reuse). A client holding a refresh token tries it once; if that fails, sign in again.
   */
  tokenRejected: 4500,
  /** The account no longer exists or was deactivated by an administrator: sign out. */
  accountRemoved: 4501,
  /** Access to the channel was revoked. */
  forbidden: 4503,
  /** Binary frames are not part of the protocol. */
  unsupportedData: 4504,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** Whether a client should reconnect after the socket closed with `code`. */
export function shouldReconnect(code: number): boolean {
  return !(code >= 4500 && code <= 4999);
}

/** Shape of every REST error body. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}
