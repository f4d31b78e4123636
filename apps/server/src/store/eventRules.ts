/**
 * Who may append which chat event, decided from the rows the appending transaction has
 * just read (after it locked the chat), so two racing changes can never both pass a
 * check only one of them may pass. Pure: both engines, including the SQLite writer
 * thread, call it with the same facts and get the same answer.
 */
import type { ChatEventChange } from './types.js';

export interface EventFacts {
  chat: { is_group: boolean } | null;
  /** The actor's membership, null when they are not a member. */
  actor: { is_admin: boolean } | null;
  /** The target row of an edit, deletion or reaction. */
  target: { kind: string; sender_id: number; deleted: boolean; created_at: string } | null;
  /** Reactions: whether the actor already has this one, whether anyone has it, how many distinct ones the message has. */
  actorHasReaction: boolean;
  reactionExists: boolean;
  distinctReactions: number;
  /** Membership changes: whether the subject is a member, and how many members there are. */
  subjectIsMember: boolean;
  memberCount: number;
}

export type EventDecision =
  | { ok: true; noop: boolean }
  | { ok: false; code: 'invalid' | 'forbidden' | 'not_found'; message: string; unknownTarget?: boolean };

const refuse = (code: 'invalid' | 'forbidden' | 'not_found', message: string, unknownTarget = false): EventDecision => ({ ok: false, code, message, unknownTarget });
const GO: EventDecision = { ok: true, noop: false };
const NOOP: EventDecision = { ok: true, noop: true };

export function decideEvent(actorId: number, change: ChatEventChange, facts: EventFacts, nowMs: number): EventDecision {
  if (!facts.chat) return refuse('not_found', 'chat not found');
  if (!facts.actor) return refuse('forbidden', 'you are not a member of this chat');
  const isAdmin = facts.chat.is_group && facts.actor.is_admin;

  switch (change.type) {
    case 'message_edited':
    case 'message_deleted':
    case 'reaction_added':
    case 'reaction_removed': {
      const target = facts.target;
      if (!target || target.kind !== 'message') return refuse('not_found', `no message with seq ${change.targetSeq} in this chat`, true);
      if (target.deleted) return refuse('invalid', 'that message was deleted');
      if (change.type === 'message_edited') {
        if (target.sender_id !== actorId) return refuse('forbidden', 'only the author can edit a message');
        if (change.editWindowMs > 0 && nowMs - Date.parse(target.created_at) > change.editWindowMs) {
          return refuse('forbidden', 'the edit window for this message has passed');
        }
        return GO;
      }
      if (change.type === 'message_deleted') {
        if (target.sender_id !== actorId && !isAdmin) return refuse('forbidden', 'only the author or a group admin can delete a message');
        return GO;
      }
      if (change.type === 'reaction_removed') return facts.actorHasReaction ? GO : NOOP;
      if (facts.actorHasReaction) return NOOP;
      if (!facts.reactionExists && facts.distinctReactions >= change.maxReactions) {
        return refuse('invalid', `a message can carry at most ${change.maxReactions} different reactions`);
      }
      return GO;
    }
    case 'member_added':
      if (!facts.chat.is_group) return refuse('invalid', 'members can only be added to a group');
      if (!facts.actor.is_admin) return refuse('forbidden', 'only a group admin can add members');
      if (facts.subjectIsMember) return refuse('invalid', 'that user is already a member');
      if (facts.memberCount >= change.maxMembers) return refuse('invalid', `a group has at most ${change.maxMembers} members`);
      return GO;
    case 'member_removed':
      if (!facts.chat.is_group) return refuse('invalid', 'members can only be removed from a group');
      if (!facts.actor.is_admin) return refuse('forbidden', 'only a group admin can remove members');
      if (!facts.subjectIsMember) return refuse('not_found', 'that user is not a member of this chat');
      return GO;
    case 'member_left':
      if (!facts.chat.is_group) return refuse('invalid', 'a 1:1 chat cannot be left');
      return GO;
    case 'chat_renamed':
      if (!facts.chat.is_group) return refuse('invalid', 'only a group can be renamed');
      return GO;
    default: {
      const unreachable: never = change;
      return refuse('invalid', `unknown change ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Admins of a group after `leaving` is gone. A group never loses its last admin while it
 * has members: the remaining member with the lowest id (the longest-registered account)
 * is promoted, so someone can still add and remove members. Returns the admins after
 * and who, if anyone, was promoted.
 */
export function adminsAfterLeaving(members: readonly number[], admins: readonly number[], leaving: number): { adminIds: number[]; promoted: number | null } {
  const remaining = members.filter((id) => id !== leaving);
  const adminIds = admins.filter((id) => id !== leaving);
  if (adminIds.length > 0 || remaining.length === 0) return { adminIds, promoted: null };
  const promoted = Math.min(...remaining);
  return { adminIds: [promoted], promoted };
}
