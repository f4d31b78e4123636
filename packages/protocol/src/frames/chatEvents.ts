/**
 * A chat is an ordered event log. Every change to a chat — a message, an edit, a
 * deletion, a reaction, a membership change, a rename — takes the chat's next `seq` in
 * one gap-free stream, is committed before anyone sees it, and is replayed by
 * `after_seq` resume and by `GET /chats/:id/events`. Clients apply each event
 * idempotently by `seq`, so a replayed event changes nothing the second time.
 *
 * `read` is the exception: a live notice with no seq of its own (read positions are
 * state, fetched from REST, not history).
 */
import { z } from 'zod';
import { AttachmentMetaFields, ClientId, Content, Id, Timestamp } from '../common.js';
import { LIMITS } from '../limits.js';

/** A per-chat sequence number: 1, 2, 3 … */
export const Seq = z.number().int().positive();

/**
 * A reaction: an emoji or a short word, no whitespace or control characters. The
 * server's configured length limit (default `LIMITS.maxReactionChars` code points) is
 * checked separately; this schema only caps what could ever be sensible.
 */
export const ReactionToken = z
  .string()
  .min(1)
  .max(LIMITS.maxReactionCharsHardCap)
  .regex(/^[^\s\p{Cc}]+$/u, 'reaction must not contain whitespace or control characters');

/** User ids a message mentions with `@name`: each a member of the chat, at most LIMITS.maxMentions. */
export const Mentions = z.array(Id).max(LIMITS.maxMentions);

// ─── Client → server on `messages/{chat_id}` (or /ws with `channel`) ───────────────

/** Replaces the text of one of your own messages. */
export const EditMessageFrame = z.object({
  type: z.literal('edit'),
  target_seq: Seq,
  content: Content,
  /** The edited text's mentions (replacing the message's); omitted = none. */
  mentions: Mentions.optional(),
  client_id: ClientId.optional(),
});
/** Deletes a message (yours, or anyone's in a group you administer): a tombstone remains. */
export const DeleteMessageFrame = z.object({
  type: z.literal('delete'),
  target_seq: Seq,
  client_id: ClientId.optional(),
});
/** Adds (or with `remove: true` removes) your reaction on a message. */
export const ReactFrame = z.object({
  type: z.literal('react'),
  target_seq: Seq,
  reaction: ReactionToken,
  remove: z.boolean().optional(),
  client_id: ClientId.optional(),
});
/** Marks the chat read up to `seq`; the server tells the members and your other devices. */
export const ReadClientFrame = z.object({
  type: z.literal('read'),
  seq: z.number().int().nonnegative(),
});
export type EditMessageFrame = z.infer<typeof EditMessageFrame>;
export type DeleteMessageFrame = z.infer<typeof DeleteMessageFrame>;
export type ReactFrame = z.infer<typeof ReactFrame>;
export type ReadClientFrame = z.infer<typeof ReadClientFrame>;

// ─── Server → client: events in the seq stream ────────────────────────────────────

/** Fields every event in the stream carries. */
const EventBase = {
  chat_id: Id,
  seq: Seq,
  /** Who caused the event (for new_message, the sender). */
  actor_id: Id,
  timestamp: Timestamp,
};

export const NewMessageEventSchema = z.object({
  type: z.literal('new_message'),
  ...EventBase,
  message_id: Id,
  sender_id: Id,
  content: z.string(),
  attachment: z.string().nullable(),
  ...AttachmentMetaFields,
  reply_to_seq: Seq.nullable(),
  client_id: z.string().optional(),
  /** Members the message mentions; this server always sends it (possibly empty). */
  mentions: z.array(Id).optional(),
});
export const MessageEditedEventSchema = z.object({
  type: z.literal('message_edited'),
  ...EventBase,
  target_seq: Seq,
  /** The new text; "" when the message was deleted later (its content is gone from the server). */
  content: z.string(),
  edited_at: Timestamp,
  /** The mentions of the new text; this server always sends it (possibly empty). */
  mentions: z.array(Id).optional(),
});
export const MessageDeletedEventSchema = z.object({
  type: z.literal('message_deleted'),
  ...EventBase,
  target_seq: Seq,
});
export const ReactionAddedEventSchema = z.object({
  type: z.literal('reaction_added'),
  ...EventBase,
  target_seq: Seq,
  reaction: z.string(),
});
export const ReactionRemovedEventSchema = z.object({
  type: z.literal('reaction_removed'),
  ...EventBase,
  target_seq: Seq,
  reaction: z.string(),
});
const MemberEventFields = {
  ...EventBase,
  /** The member who was added, removed or left. */
  user_id: Id,
  /** The chat's members after this event. */
  member_ids: z.array(Id),
  /**
   * The group's admins after this event. When the last admin leaves or is removed, the
   * remaining member with the lowest id becomes admin, and this says so.
   */
  admin_ids: z.array(Id).optional(),
};
export const MemberAddedEventSchema = z.object({ type: z.literal('member_added'), ...MemberEventFields });
export const MemberRemovedEventSchema = z.object({ type: z.literal('member_removed'), ...MemberEventFields });
export const MemberLeftEventSchema = z.object({ type: z.literal('member_left'), ...MemberEventFields });
export const ChatRenamedEventSchema = z.object({
  type: z.literal('chat_renamed'),
  ...EventBase,
  title: z.string().nullable(),
});

/** Any event of a chat's seq stream, as resume, live delivery and REST replay send it. */
export const ChatEventSchema = z.discriminatedUnion('type', [
  NewMessageEventSchema,
  MessageEditedEventSchema,
  MessageDeletedEventSchema,
  ReactionAddedEventSchema,
  ReactionRemovedEventSchema,
  MemberAddedEventSchema,
  MemberRemovedEventSchema,
  MemberLeftEventSchema,
  ChatRenamedEventSchema,
]);
export type NewMessageEvent = z.infer<typeof NewMessageEventSchema>;
export type MessageEditedEvent = z.infer<typeof MessageEditedEventSchema>;
export type MessageDeletedEvent = z.infer<typeof MessageDeletedEventSchema>;
export type ReactionAddedEvent = z.infer<typeof ReactionAddedEventSchema>;
export type ReactionRemovedEvent = z.infer<typeof ReactionRemovedEventSchema>;
export type MemberAddedEvent = z.infer<typeof MemberAddedEventSchema>;
export type MemberRemovedEvent = z.infer<typeof MemberRemovedEventSchema>;
export type MemberLeftEvent = z.infer<typeof MemberLeftEventSchema>;
export type ChatRenamedEvent = z.infer<typeof ChatRenamedEventSchema>;
export type ChatEvent = z.infer<typeof ChatEventSchema>;
export type ChatEventType = ChatEvent['type'];
/** Every event `type` of the seq stream. */
export const CHAT_EVENT_TYPES = ChatEventSchema.options.map((o) => o.shape.type.value) as ChatEventType[];
/** Events after which `user_id` is no longer a member: the last thing they receive from the chat. */
export const MEMBERSHIP_END_EVENT_TYPES = ['member_removed', 'member_left'] as const;

export function isChatEvent(frame: { type: string }): frame is ChatEvent {
  return (CHAT_EVENT_TYPES as string[]).includes(frame.type);
}

// ─── Server → client: live notices outside the seq stream ─────────────────────────

/**
 * `user_id` has read `chat_id` up to `seq`. Sent to the members' sockets on the chat and
 * to every socket of the reader, so the reader's other devices update unread counts.
 * Not replayed by resume; current positions are `reads` in GET /chats.
 */
export const ReadFrameSchema = z.object({
  type: z.literal('read'),
  chat_id: Id,
  user_id: Id,
  seq: z.number().int().nonnegative(),
});
export type ReadFrame = z.infer<typeof ReadFrameSchema>;
