import { z } from 'zod';
import { AttachmentMetaFields, AttachmentUrl, ClientId, Content, Id, Timestamp } from '../common.js';
import { ChatEventSchema, Mentions, ReactionToken, Seq } from '../frames/chatEvents.js';

export const CreateChatRequest = z.object({
  member_ids: z.array(Id).max(500),
  title: z.string().trim().max(200).optional(),
});
export type CreateChatRequest = z.infer<typeof CreateChatRequest>;

/** Who reacted to a message with one reaction. */
export const MessageReaction = z.object({
  reaction: z.string(),
  user_ids: z.array(Id),
});
export type MessageReaction = z.infer<typeof MessageReaction>;

/**
 * A chat message as REST returns it, in its current state: edits applied, reactions
 * gathered. A deleted message is a tombstone: `deleted: true`, content "" and no
 * attachment (the server no longer has them). This server always sends `reply_to_seq`,
 * `edited_at`, `deleted` and `reactions`; they are optional in the type only so
 * clients can build messages from a `new_message` frame or an older cache row.
 */
export const Message = z.object({
  id: Id,
  chat_id: Id,
  seq: Seq,
  sender_id: Id,
  content: z.string(),
  attachment: z.string().nullable(),
  ...AttachmentMetaFields,
  timestamp: Timestamp,
  client_id: z.string().nullable().optional(),
  reply_to_seq: Seq.nullable().optional(),
  edited_at: Timestamp.nullable().optional(),
  deleted: z.boolean().optional(),
  reactions: z.array(MessageReaction).optional(),
  /** Members named with `@name` in the content, as user ids (structural, so a rename keeps them). */
  mentions: z.array(Id).optional(),
});
export type Message = z.infer<typeof Message>;

/**
 * A chat. Exactly one other member and no title makes a 1:1 chat (unique per pair);
 * anything else is a group, whose creator is its first admin. This server always sends
 * `is_group` and `admin_ids` (optional in the type for clients' older cache rows).
 */
export const Chat = z.object({
  id: Id,
  title: z.string().nullable(),
  member_ids: z.array(Id),
  is_group: z.boolean().optional(),
  admin_ids: z.array(Id).optional(),
});
export type Chat = z.infer<typeof Chat>;

/** How far one member has read (everything up to and including `seq`). */
export const ReadPosition = z.object({ user_id: Id, seq: z.number().int().nonnegative() });
export type ReadPosition = z.infer<typeof ReadPosition>;

/** GET /chats/:id: the chat with every member's read position (for "seen" ticks). */
export const ChatDetail = Chat.extend({
  reads: z.array(ReadPosition).optional(),
  last_seq: z.number().int().nonnegative(),
});
export type ChatDetail = z.infer<typeof ChatDetail>;

/** GET /chats rows: each chat with its last message, my unread count and everyone's read positions. */
export const ChatSummary = ChatDetail.extend({
  last_message: Message.nullable(),
  unread_count: z.number().int().nonnegative(),
  read_seq: z.number().int().nonnegative(),
});
export type ChatSummary = z.infer<typeof ChatSummary>;

export const SendMessageRequest = z.object({
  content: Content,
  attachment: AttachmentUrl.nullish(),
  client_id: ClientId.optional(),
  reply_to_seq: Seq.nullish(),
  /** Members this message mentions (user ids); each must be a member of the chat. */
  mentions: Mentions.optional(),
});
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

/** PATCH /chats/:id/messages/:seq → 200 the `message_edited` event. */
export const EditMessageRequest = z.object({ content: Content, mentions: Mentions.optional() });
export type EditMessageRequest = z.infer<typeof EditMessageRequest>;

/** POST /chats/:id/messages/:seq/reactions → 201 the `reaction_added` event (200 `{event:null}` if you already had it). */
export const AddMessageReactionRequest = z.object({ reaction: ReactionToken });
export type AddMessageReactionRequest = z.infer<typeof AddMessageReactionRequest>;

/** PATCH /chats/:id → 200 the `chat_renamed` event (groups only; "" clears the title). */
export const RenameChatRequest = z.object({ title: z.string().max(1000) });
export type RenameChatRequest = z.infer<typeof RenameChatRequest>;

/** POST /chats/:id/members → 201 the `member_added` event (group admins only). */
export const AddMemberRequest = z.object({ user_id: Id });
export type AddMemberRequest = z.infer<typeof AddMemberRequest>;

/** Body of reaction routes: the event, or null when nothing changed (idempotent repeat). */
export const ReactionResult = z.object({ event: ChatEventSchema.nullable() });
export type ReactionResult = z.infer<typeof ReactionResult>;

/** GET /chats/:id/events?after_seq=&limit= */
export const ListEventsQuery = z.object({
  after_seq: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().positive().max(1000).optional(),
});
export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

/** The REST replay of a chat's stream: the same frames resume sends, in seq order. */
export const EventsPage = z.object({ events: z.array(ChatEventSchema) });
export type EventsPage = z.infer<typeof EventsPage>;

const SeqParam = z.coerce.number().int().nonnegative();
export const ListMessagesQuery = z.object({
  after_seq: SeqParam.optional(),
  before_seq: SeqParam.optional(),
  limit: z.coerce.number().int().positive().max(200).optional(),
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuery>;

export const MarkReadRequest = z.object({ seq: z.number().int().nonnegative() });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;
