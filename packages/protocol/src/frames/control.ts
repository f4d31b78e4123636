import { z } from 'zod';
import type { WsErrorCode } from '../errors.js';

/** On every channel. */
export const PingFrame = z.object({ type: z.literal('ping') });
export type PingFrame = z.infer<typeof PingFrame>;

/** Multiplexed endpoint only (`/ws`). */
export const SubscribeFrame = z.object({
  type: z.literal('subscribe'),
  channel: z.string().max(64),
  after_seq: z.number().int().nonnegative().optional(),
});
export const UnsubscribeFrame = z.object({
  type: z.literal('unsubscribe'),
  channel: z.string().max(64),
});
export type SubscribeFrame = z.infer<typeof SubscribeFrame>;
export type UnsubscribeFrame = z.infer<typeof UnsubscribeFrame>;

export interface PongFrame {
  type: 'pong';
}
export interface ErrorFrame {
  type: 'error';
  code: WsErrorCode;
  message: string;
  /** On the multiplexed endpoint: the channel the failed frame named. */
  channel?: string;
  /** Echoed from the failed frame, so a client can match the failure to its send. */
  client_id?: string;
  /** With `rate_limited`: when a retry will be accepted. */
  retry_after_ms?: number;
}
export interface SubscribedFrame {
  type: 'subscribed';
  channel: string;
}
export interface UnsubscribedFrame {
  type: 'unsubscribed';
  channel: string;
}
export type ControlServerFrame = PongFrame | ErrorFrame | SubscribedFrame | UnsubscribedFrame;
