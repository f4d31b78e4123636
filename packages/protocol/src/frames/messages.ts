import { z } from 'zod';
import { AttachmentUrl, ClientId, Content, Id } from '../common.js';
import { Mentions, NewMessageEventSchema, Seq } from './chatEvents.js';
import type {
  ChatEvent,
  DeleteMessageFrame,
  EditMessageFrame,
  NewMessageEvent,
  ReactFrame,
  ReadClientFrame,
  ReadFrame,
} from './chatEvents.js';

/** Client → server on `messages/{chat_id}`. */
export const SendMessageFrame = z.object({
  type: z.literal('message'),
  content: Content,
  attachment: AttachmentUrl.nullish(),
  client_id: ClientId.optional(),
  /** Answers this message of the same chat (an existing, non-deleted message's seq). */
  reply_to_seq: Seq.nullish(),
  /** Members this message mentions (user ids); each must be a member of the chat. */
  mentions: Mentions.optional(),
});
export const TypingClientFrame = z.object({
  type: z.literal('typing'),
  is_typing: z.boolean(),
});
export type SendMessageFrame = z.infer<typeof SendMessageFrame>;
export type TypingClientFrame = z.infer<typeof TypingClientFrame>;
export type MessagesClientFrame = SendMessageFrame | TypingClientFrame | EditMessageFrame | DeleteMessageFrame | ReactFrame | ReadClientFrame;

/**
 * Server → every socket of every member of the chat, sender included. One of the chat's
 * events (see chatEvents.ts): `actor_id` equals `sender_id`.
 */
export type NewMessageFrame = NewMessageEvent;
/** Server → the other members. */
export interface TypingServerFrame {
  type: 'typing';
  chat_id: number;
  user_id: number;
  is_typing: boolean;
}
/**
 * Server → the members' multiplexed sockets subscribed to `messages/*`, when a chat they
 * belong to is created or they are added to one, so it appears in their list before its
 * next event. Sockets on `messages/*` receive the chat's events from then on.
 */
export const ChatCreatedFrameSchema = z.object({
  type: z.literal('chat_created'),
  chat: z.object({
    id: Id,
    title: z.string().nullable(),
    member_ids: z.array(Id),
    is_group: z.boolean(),
    admin_ids: z.array(Id),
  }),
});
export type ChatCreatedFrame = z.infer<typeof ChatCreatedFrameSchema>;
/** Everything a client may receive on a `messages/…` channel. */
export type MessagesServerFrame = ChatEvent | TypingServerFrame | ChatCreatedFrame | ReadFrame;

export const NewMessageFrameSchema = NewMessageEventSchema;
