import { z } from 'zod';
import { AttachmentUrl, ClientId, Content, Id, Timestamp } from '../common.js';

/** Client → server on `messages/{chat_id}`. */
export const SendMessageFrame = z.object({
  type: z.literal('message'),
  content: Content,
  attachment: AttachmentUrl.nullish(),
  client_id: ClientId.optional(),
});
export const TypingClientFrame = z.object({
  type: z.literal('typing'),
  is_typing: z.boolean(),
});
export type SendMessageFrame = z.infer<typeof SendMessageFrame>;
export type TypingClientFrame = z.infer<typeof TypingClientFrame>;
export type MessagesClientFrame = SendMessageFrame | TypingClientFrame;

/** Server → every socket of every member of the chat, sender included. */
export interface NewMessageFrame {
  type: 'new_message';
  message_id: number;
  chat_id: number;
  seq: number;
  sender_id: number;
  content: string;
  attachment: string | null;
  timestamp: string;
  client_id?: string;
}
/** Server → the other members. */
export interface TypingServerFrame {
  type: 'typing';
  chat_id: number;
  user_id: number;
  is_typing: boolean;
}
/**
 * Server → the members' multiplexed sockets subscribed to `messages/*`, when a chat they
 * belong to is created, so it appears in their list before its first message. Sockets
 * on `messages/*` receive the new chat's messages from then on.
 */
export interface ChatCreatedFrame {
  type: 'chat_created';
  chat: { id: number; title: string | null; member_ids: number[] };
}
export type MessagesServerFrame = NewMessageFrame | TypingServerFrame | ChatCreatedFrame;

export const NewMessageFrameSchema = z.object({
  type: z.literal('new_message'),
  message_id: Id,
  chat_id: Id,
  seq: z.number().int().positive(),
  sender_id: Id,
  content: z.string(),
  attachment: z.string().nullable(),
  timestamp: Timestamp,
  client_id: z.string().optional(),
});
