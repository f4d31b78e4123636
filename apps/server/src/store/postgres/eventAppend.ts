/**
 * Chat events on PostgreSQL: one transaction locks the chat row, reads the facts the
 * rules need (eventRules.ts), applies the change and appends the event with the next
 * seq. The row lock is the one plain appends take, so events and messages of one chat
 * queue on it together, on every node, and seqs stay gap-free.
 */
import { AppError } from '../../domain/errors.js';
import { adminsAfterLeaving, decideEvent, type EventFacts } from '../eventRules.js';
import { EVENT_COLUMNS, toChatEvent, uniqueIds, type EventData, type EventDbRow } from '../rows.js';
import type { AppendedEvent, NewChatEvent } from '../types.js';
import type { PgContext } from './context.js';
import type { PoolClient } from './pool.js';

async function one<R>(client: PoolClient, text: string, values: unknown[]): Promise<R | undefined> {
  return (await client.query(text, values)).rows[0] as R | undefined;
}

export function appendEventWith({ transaction }: PgContext): (input: NewChatEvent) => Promise<AppendedEvent> {
  return ({ chatId, actorId, change }) => transaction(async (client) => {
    const chat = await one<{ is_group: boolean }>(client, 'SELECT is_group FROM chats WHERE id = $1 FOR UPDATE', [chatId]);
    const actor = await one<{ is_admin: boolean }>(client, 'SELECT is_admin FROM chat_members WHERE chat_id = $1 AND user_id = $2', [chatId, actorId]);
    const targetSeq = 'targetSeq' in change ? change.targetSeq : null;
    const target = targetSeq === null ? undefined
      : await one<{ kind: string; sender_id: number; deleted: boolean; created_at: string; attachment: string | null }>(
        client, 'SELECT kind, sender_id, deleted, created_at, attachment FROM messages WHERE chat_id = $1 AND seq = $2', [chatId, targetSeq]);
    const reaction = 'reaction' in change ? change.reaction : null;
    const reactions = reaction === null ? undefined
      : await one<{ mine: boolean; present: boolean; kinds: number }>(
        client,
        `SELECT coalesce(bool_or(reaction = $3 AND user_id = $4), false) AS mine,
                coalesce(bool_or(reaction = $3), false) AS present,
                COUNT(DISTINCT reaction)::int AS kinds
           FROM message_reactions WHERE chat_id = $1 AND target_seq = $2`,
        [chatId, targetSeq, reaction, actorId],
      );
    const members = (await client.query<{ user_id: number }>('SELECT user_id FROM chat_members WHERE chat_id = $1 ORDER BY user_id', [chatId])).rows.map((r) => r.user_id);
    const subject = change.type === 'member_added' || change.type === 'member_removed' ? change.userId : actorId;
    const facts: EventFacts = {
      chat: chat ?? null,
      actor: actor ?? null,
      target: target ?? null,
      actorHasReaction: reactions?.mine ?? false,
      reactionExists: reactions?.present ?? false,
      distinctReactions: reactions?.kinds ?? 0,
      subjectIsMember: members.includes(subject),
      memberCount: members.length,
    };
    const decision = decideEvent(actorId, change, facts, Date.now());
    if (!decision.ok) throw new AppError(decision.code, decision.message, decision.unknownTarget ? { reason: 'unknown_target' } : undefined);
    if (decision.noop) return { event: null, removedAttachment: null };

    const admins = async () => (await client.query<{ user_id: number }>(
      'SELECT user_id FROM chat_members WHERE chat_id = $1 AND is_admin ORDER BY user_id', [chatId])).rows.map((r) => r.user_id);
    let data: EventData | null = null;
    let promoted: number | null = null;
    switch (change.type) {
      case 'reaction_added':
      case 'reaction_removed':
        data = { reaction: change.reaction };
        break;
      case 'member_added':
        data = { user_id: change.userId, member_ids: uniqueIds([...members, change.userId]), admin_ids: await admins() };
        break;
      case 'member_removed':
      case 'member_left': {
        const leaving = change.type === 'member_removed' ? change.userId : actorId;
        const after = adminsAfterLeaving(members, await admins(), leaving);
        promoted = after.promoted;
        data = { user_id: leaving, member_ids: members.filter((id) => id !== leaving), admin_ids: after.adminIds };
        break;
      }
      case 'chat_renamed':
        data = { title: change.title };
        break;
      default:
        break;
    }
    const content = change.type === 'message_edited' ? change.content : '';
    const mentions = change.type === 'message_edited' && change.mentions && change.mentions.length > 0 ? change.mentions : null;
    const row = (await one<EventDbRow>(
      client,
      `WITH next AS (UPDATE chats SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
       INSERT INTO messages (chat_id, seq, sender_id, content, created_at, kind, target_seq, data, mentions)
       SELECT $1, next.last_seq, $2, $3, clock_timestamp(), $4, $5, $6::jsonb, $7::bigint[] FROM next
       RETURNING ${EVENT_COLUMNS}`,
      [chatId, actorId, content, change.type, targetSeq, data === null ? null : JSON.stringify(data), mentions],
    ))!;

    let removedAttachment: string | null = null;
    switch (change.type) {
      case 'message_edited':
        await client.query("UPDATE messages SET content = $1, edited_at = $2, mentions = $5 WHERE chat_id = $3 AND seq = $4 AND kind = 'message'", [change.content, row.created_at, chatId, change.targetSeq, mentions]);
        break;
      case 'message_deleted':
        removedAttachment = target?.attachment ?? null;
        await client.query("UPDATE messages SET content = '', attachment = NULL, attachment_name = NULL, attachment_size = NULL, mentions = NULL, deleted = true WHERE chat_id = $1 AND seq = $2 AND kind = 'message'", [chatId, change.targetSeq]);
        // Earlier edits carried the text too: it goes with the message.
        await client.query("UPDATE messages SET content = '', mentions = NULL WHERE chat_id = $1 AND target_seq = $2 AND kind = 'message_edited'", [chatId, change.targetSeq]);
        await client.query('DELETE FROM message_reactions WHERE chat_id = $1 AND target_seq = $2', [chatId, change.targetSeq]);
        break;
      case 'reaction_added':
        await client.query('INSERT INTO message_reactions (chat_id, target_seq, reaction, user_id, created_at) VALUES ($1, $2, $3, $4, $5)', [chatId, change.targetSeq, change.reaction, actorId, row.created_at]);
        break;
      case 'reaction_removed':
        await client.query('DELETE FROM message_reactions WHERE chat_id = $1 AND target_seq = $2 AND reaction = $3 AND user_id = $4', [chatId, change.targetSeq, change.reaction, actorId]);
        break;
      case 'member_added':
        // A new member starts with everything before joining counted as read.
        await client.query('INSERT INTO chat_members (chat_id, user_id, read_seq) VALUES ($1, $2, $3)', [chatId, change.userId, row.seq - 1]);
        break;
      case 'member_removed':
      case 'member_left':
        await client.query('DELETE FROM chat_members WHERE chat_id = $1 AND user_id = $2', [chatId, change.type === 'member_removed' ? change.userId : actorId]);
        if (promoted !== null) await client.query('UPDATE chat_members SET is_admin = true WHERE chat_id = $1 AND user_id = $2', [chatId, promoted]);
        break;
      case 'chat_renamed':
        await client.query('UPDATE chats SET title = $1 WHERE id = $2', [change.title, chatId]);
        break;
    }
    return { event: toChatEvent(row), removedAttachment };
  });
}
