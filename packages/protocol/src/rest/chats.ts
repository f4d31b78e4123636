import { z } from 'zod';
import { AttachmentUrl, ClientId, Content, Id, Timestamp } from '../common.js';

export const CreateChatRequest = z.object({
  member_ids: z.array(Id).max(500),
  title: z.string().trim().max(200).optional(),
});
export type CreateChatRequest = z.infer<typeof CreateChatRequest>;

/** A stored chat message as REST returns it. */
export const Message = z.object({
  id: Id,
  chat_id: Id,
  seq: z.number().int().positive(),
  sender_id: Id,
  content: z.string(),
  attachment: z.string().nullable(),
  timestamp: Timestamp,
  client_id: z.string().nullable().optional(),
});
export type Message = z.infer<typeof Message>;

export const Chat = z.object({
  id: Id,
  title: z.string().nullable(),
  member_ids: z.array(Id),
});
export type Chat = z.infer<typeof Chat>;

/** GET /chats rows: each chat with its last message and my unread count. */
export const ChatSummary = Chat.extend({
  last_message: Message.nullable(),
  unread_count: z.number().int().nonnegative(),
  last_seq: z.number().int().nonnegative(),
  read_seq: z.number().int().nonnegative(),
});
export type ChatSummary = z.infer<typeof ChatSummary>;

export const SendMessageRequest = z.object({
  content: Content,
  attachment: AttachmentUrl.nullish(),
  client_id: ClientId.optional(),
});
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

const SeqParam = z.coerce.number().int().nonnegative();
export const ListMessagesQuery = z.object({
  after_seq: SeqParam.optional(),
  before_seq: SeqParam.optional(),
  limit: z.coerce.number().int().positive().max(200).optional(),
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const MarkReadRequest = z.object({ seq: z.number().int().nonnegative() });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;
