/**
 * Building server frames. Every frame carries `channel` (SPEC §3 requires it on `/ws`
 * and allows extra fields elsewhere), so each is serialized once and the same bytes
 * serve per-channel and multiplexed sockets alike.
 */
import type { ErrorFrame, Message, NewMessageFrame, ServerFrame, WsErrorCode } from '@parley/protocol';
import { isAppError } from '../domain/errors.js';

export function encode(frame: ServerFrame, channel: string | undefined): string {
  if (channel === undefined) return JSON.stringify(frame);
  if ('channel' in frame) return JSON.stringify({ ...frame, channel });
  // Every published event comes through here: appending the field to the text costs less
  // than copying a fourteen-field frame to add it.
  const json = JSON.stringify(frame);
  return `${json.slice(0, -1)},"channel":${JSON.stringify(channel)}}`;
}

export function newMessageFrame(m: Message): NewMessageFrame {
  const frame: NewMessageFrame = {
    type: 'new_message',
    message_id: m.id,
    chat_id: m.chat_id,
    seq: m.seq,
    sender_id: m.sender_id,
    actor_id: m.sender_id,
    content: m.content,
    attachment: m.attachment,
    attachment_name: m.attachment_name ?? null,
    attachment_size: m.attachment_size ?? null,
    reply_to_seq: m.reply_to_seq ?? null,
    timestamp: m.timestamp,
    mentions: m.mentions ?? [],
  };
  if (m.client_id != null) frame.client_id = m.client_id;
  return frame;
}

export interface FrameError {
  code: WsErrorCode;
  message: string;
  retryAfterMs?: number;
  /** True when the error is a bug rather than a refused frame; it is logged with its stack. */
  unexpected: boolean;
}

/** The one place domain errors become WebSocket error codes. */
export function toFrameError(err: unknown): FrameError {
  if (!isAppError(err)) return { code: 'internal', message: 'internal error', unexpected: true };
  switch (err.code) {
    case 'invalid':
    case 'bad_json':
      return { code: err.details?.reason === 'too_long' ? 'too_long' : 'invalid', message: err.message, unexpected: false };
    case 'payload_too_large':
      return { code: 'too_long', message: err.message, unexpected: false };
    case 'rate_limited':
      return { code: 'rate_limited', message: err.message, retryAfterMs: err.details?.retryAfterMs, unexpected: false };
    // A chat that does not exist is, to this user, a chat they are not a member of.
    case 'not_found':
      if (err.details?.reason === 'unknown_target') return { code: 'invalid', message: err.message, unexpected: false };
      return { code: 'forbidden', message: err.message, unexpected: false };
    case 'forbidden':
    case 'unauthorized':
      return { code: 'forbidden', message: err.message, unexpected: false };
    default:
      return { code: 'internal', message: 'internal error', unexpected: true };
  }
}

export function errorFrame(
  code: WsErrorCode,
  message: string,
  extra: { channel?: string; clientId?: string; retryAfterMs?: number } = {},
): string {
  const frame: ErrorFrame = { type: 'error', code, message };
  if (extra.clientId !== undefined) frame.client_id = extra.clientId;
  if (extra.retryAfterMs !== undefined) frame.retry_after_ms = extra.retryAfterMs;
  return encode(frame, extra.channel);
}
