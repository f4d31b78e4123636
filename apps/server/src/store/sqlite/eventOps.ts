/**
 * Chat events in the SQLite writer thread: check (eventRules), apply and append, all in
 * the group-commit transaction, so the check sees exactly the state the change applies to.
 */
import { adminsAfterLeaving, decideEvent, type EventFacts } from '../eventRules.js';
import { EVENT_COLUMNS, mentionsJson, toChatEvent, uniqueIds, type EventData, type EventDbRow } from '../rows.js';
import type { AppendedEvent, NewChatEvent } from '../types.js';
import type { Db } from './db.js';
import { WriteFailure } from './writeProtocol.js';

export function createEventOp(db: Db): (input: NewChatEvent) => AppendedEvent {
  const now = () => new Date().toISOString();
  const s = {
    chat: db.prepare('SELECT is_group FROM chats WHERE id = ?'),
    member: db.prepare('SELECT is_admin FROM chat_members WHERE chat_id = ? AND user_id = ?'),
    members: db.prepare('SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id').pluck(),
    admins: db.prepare('SELECT user_id FROM chat_members WHERE chat_id = ? AND is_admin = 1 ORDER BY user_id').pluck(),
    promote: db.prepare('UPDATE chat_members SET is_admin = 1 WHERE chat_id = ? AND user_id = ?'),
    target: db.prepare('SELECT kind, sender_id, deleted, created_at, attachment FROM messages WHERE chat_id = ? AND seq = ?'),
    hasReaction: db.prepare('SELECT 1 FROM message_reactions WHERE chat_id = ? AND target_seq = ? AND reaction = ? AND user_id = ?').pluck(),
    reactionExists: db.prepare('SELECT 1 FROM message_reactions WHERE chat_id = ? AND target_seq = ? AND reaction = ? LIMIT 1').pluck(),
    distinctReactions: db.prepare('SELECT COUNT(DISTINCT reaction) FROM message_reactions WHERE chat_id = ? AND target_seq = ?').pluck(),
    nextSeq: db.prepare('UPDATE chats SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq').pluck(),
    insertEvent: db.prepare(
      `INSERT INTO messages (chat_id, seq, sender_id, content, attachment, client_id, created_at, kind, target_seq, data, mentions)
       VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?) RETURNING ${EVENT_COLUMNS}`,
    ),
    edit: db.prepare("UPDATE messages SET content = ?, edited_at = ?, mentions = ? WHERE chat_id = ? AND seq = ? AND kind = 'message'"),
    tombstone: db.prepare("UPDATE messages SET content = '', attachment = NULL, attachment_name = NULL, attachment_size = NULL, mentions = NULL, deleted = 1 WHERE chat_id = ? AND seq = ? AND kind = 'message'"),
    // Earlier edits carried the text too: it goes with the message.
    forgetEdits: db.prepare("UPDATE messages SET content = '', mentions = NULL WHERE chat_id = ? AND target_seq = ? AND kind = 'message_edited'"),
    dropReactions: db.prepare('DELETE FROM message_reactions WHERE chat_id = ? AND target_seq = ?'),
    addReaction: db.prepare('INSERT INTO message_reactions (chat_id, target_seq, reaction, user_id, created_at) VALUES (?, ?, ?, ?, ?)'),
    removeReaction: db.prepare('DELETE FROM message_reactions WHERE chat_id = ? AND target_seq = ? AND reaction = ? AND user_id = ?'),
    addMember: db.prepare('INSERT INTO chat_members (chat_id, user_id, read_seq) VALUES (?, ?, ?)'),
    removeMember: db.prepare('DELETE FROM chat_members WHERE chat_id = ? AND user_id = ?'),
    rename: db.prepare('UPDATE chats SET title = ? WHERE id = ?'),
    lastSeq: db.prepare('SELECT last_seq FROM chats WHERE id = ?').pluck(),
  };

  return ({ chatId, actorId, change }) => {
    const chat = s.chat.get(chatId) as { is_group: number } | undefined;
    const actor = s.member.get(chatId, actorId) as { is_admin: number } | undefined;
    const targetSeq = 'targetSeq' in change ? change.targetSeq : null;
    const target = targetSeq === null ? undefined
      : s.target.get(chatId, targetSeq) as { kind: string; sender_id: number; deleted: number; created_at: string; attachment: string | null } | undefined;
    const reaction = 'reaction' in change ? change.reaction : null;
    const subject = change.type === 'member_added' || change.type === 'member_removed' ? change.userId : actorId;
    const members = s.members.all(chatId) as number[];
    const facts: EventFacts = {
      chat: chat ? { is_group: chat.is_group === 1 } : null,
      actor: actor ? { is_admin: actor.is_admin === 1 } : null,
      target: target ? { kind: target.kind, sender_id: target.sender_id, deleted: target.deleted === 1, created_at: target.created_at } : null,
      actorHasReaction: reaction !== null && s.hasReaction.get(chatId, targetSeq, reaction, actorId) !== undefined,
      reactionExists: reaction !== null && s.reactionExists.get(chatId, targetSeq, reaction) !== undefined,
      distinctReactions: reaction !== null ? (s.distinctReactions.get(chatId, targetSeq) as number) : 0,
      subjectIsMember: members.includes(subject),
      memberCount: members.length,
    };
    const decision = decideEvent(actorId, change, facts, Date.now());
    if (!decision.ok) throw new WriteFailure(decision.code, decision.message, decision.unknownTarget ? 'unknown_target' : undefined);
    if (decision.noop) return { event: null, removedAttachment: null };

    const at = now();
    let content = '';
    let data: EventData | null = null;
    let mentions: string | null = null;
    let removedAttachment: string | null = null;
    switch (change.type) {
      case 'message_edited':
        content = change.content;
        mentions = mentionsJson(change.mentions);
        s.edit.run(change.content, at, mentions, chatId, change.targetSeq);
        break;
      case 'message_deleted':
        removedAttachment = target?.attachment ?? null;
        s.tombstone.run(chatId, change.targetSeq);
        s.forgetEdits.run(chatId, change.targetSeq);
        s.dropReactions.run(chatId, change.targetSeq);
        break;
      case 'reaction_added':
        s.addReaction.run(chatId, change.targetSeq, change.reaction, actorId, at);
        data = { reaction: change.reaction };
        break;
      case 'reaction_removed':
        s.removeReaction.run(chatId, change.targetSeq, change.reaction, actorId);
        data = { reaction: change.reaction };
        break;
      case 'member_added':
        // A new member starts with everything before joining counted as read.
        s.addMember.run(chatId, change.userId, s.lastSeq.get(chatId) as number);
        data = { user_id: change.userId, member_ids: uniqueIds([...members, change.userId]), admin_ids: s.admins.all(chatId) as number[] };
        break;
      case 'member_removed':
      case 'member_left': {
        const leaving = change.type === 'member_removed' ? change.userId : actorId;
        const { adminIds, promoted } = adminsAfterLeaving(members, s.admins.all(chatId) as number[], leaving);
        s.removeMember.run(chatId, leaving);
        if (promoted !== null) s.promote.run(chatId, promoted);
        data = { user_id: leaving, member_ids: members.filter((id) => id !== leaving), admin_ids: adminIds };
        break;
      }
      case 'chat_renamed':
        s.rename.run(change.title, chatId);
        data = { title: change.title };
        break;
    }
    const seq = s.nextSeq.get(chatId) as number;
    const row = s.insertEvent.get(chatId, seq, actorId, content, at, change.type, targetSeq, data === null ? null : JSON.stringify(data), mentions) as EventDbRow;
    return { event: toChatEvent(row), removedAttachment };
  };
}
