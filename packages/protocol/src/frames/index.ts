import { z } from 'zod';
import { PingFrame, SubscribeFrame, UnsubscribeFrame } from './control.js';
import { SendMessageFrame, TypingClientFrame } from './messages.js';
import { DeleteMessageFrame, EditMessageFrame, ReactFrame, ReadClientFrame } from './chatEvents.js';
import type { ControlServerFrame } from './control.js';
import type { MessagesServerFrame } from './messages.js';
import type {
  ConnectionsServerFrame,
  FeedServerFrame,
  NotificationsServerFrame,
  OnlineServerFrame,
} from './social.js';

export * from './control.js';
export * from './messages.js';
export * from './chatEvents.js';
export * from './social.js';

/**
 * Client frame schemas keyed by `type`. A frame whose `type` is missing from this
 * table is answered with `unknown_type`; one that fails its schema with `invalid`.
 */
export const CLIENT_FRAME_SCHEMAS = {
  ping: PingFrame,
  message: SendMessageFrame,
  typing: TypingClientFrame,
  edit: EditMessageFrame,
  delete: DeleteMessageFrame,
  react: ReactFrame,
  read: ReadClientFrame,
  subscribe: SubscribeFrame,
  unsubscribe: UnsubscribeFrame,
} as const;
export type ClientFrameType = keyof typeof CLIENT_FRAME_SCHEMAS;
export type ClientFrame = { [K in ClientFrameType]: z.infer<(typeof CLIENT_FRAME_SCHEMAS)[K]> }[ClientFrameType];

/** Every frame a server may send; on `/ws` each also carries `channel`. */
export type ServerFrame =
  | ControlServerFrame
  | MessagesServerFrame
  | ConnectionsServerFrame
  | NotificationsServerFrame
  | FeedServerFrame
  | OnlineServerFrame;
export type ServerFrameType = ServerFrame['type'];
/** A server frame as delivered on the multiplexed endpoint. */
export type MultiplexedServerFrame = ServerFrame & { channel?: string };

export type DecodeResult =
  | { ok: true; frame: ClientFrame; channel?: string }
  | { ok: false; code: 'bad_json' | 'unknown_type' | 'invalid'; message: string; channel?: string; client_id?: string };

/**
 * Decodes one text frame from a client. Never throws. `channel` is read from any
 * object frame (the multiplexed endpoint's addressing) before validation so errors
 * can name it.
 */
export function decodeClientFrame(text: string): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'bad_json', message: 'frame is not valid JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'invalid', message: 'frame must be a JSON object' };
  }
  const obj = raw as Record<string, unknown>;
  const channel = typeof obj.channel === 'string' ? obj.channel.slice(0, 64) : undefined;
  const clientId = typeof obj.client_id === 'string' ? obj.client_id.slice(0, 64) : undefined;
  const type = obj.type;
  if (typeof type !== 'string' || !Object.hasOwn(CLIENT_FRAME_SCHEMAS, type)) {
    const shown = typeof type === 'string' ? JSON.stringify(type.slice(0, 32)) : 'missing';
    return { ok: false, code: 'unknown_type', message: `unknown frame type ${shown}`, channel, client_id: clientId };
  }
  const parsed = CLIENT_FRAME_SCHEMAS[type as ClientFrameType].safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, code: 'invalid', message: `${where}${issue?.message ?? 'invalid frame'}`, channel, client_id: clientId };
  }
  return { ok: true, frame: parsed.data as ClientFrame, channel };
}
