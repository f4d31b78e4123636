/**
 * Applies the non-message events of a chat's seq stream to the cache: edits, tombstones,
 * reactions, membership changes and renames. Every event is recorded in `chat_events`
 * under its (chat, seq) first, and applied only if that record is new, so a replayed
 * event changes nothing. An event whose target message is not cached yet stays
 * recorded and is applied, in seq order, when the message arrives (`applyPendingTo`).
 *
 * Deletion is real: the tombstone overwrites content and attachment, and the recorded
 * edits of that message lose their text too; with `secure_delete` on, SQLite zeroes the
 * freed bytes, and the store checkpoints the WAL after a deletion (store.ts). Edits and
 * tombstones update the search index in the same step (searchIndex.ts).
 */
import type Database from 'better-sqlite3';
import type { ChatEvent, MessageReaction } from '@parley/protocol';
import type { MessageRow } from './rows.js';
import type { SearchIndexWriter } from './searchIndex.js';

/** The non-message events of the stream. */
export type LogEvent = Exclude<ChatEvent, { type: 'new_message' }>;
type TargetedEvent = Extract<LogEvent, { target_seq: number }>;
type MetaEvent = Exclude<LogEvent, TargetedEvent>;

interface EventRecord {
  seq: number;
  kind: string;
  payload: string;
}

export interface ChatMetaRow {
  member_ids: string;
  admin_ids: string;
  title: string | null;
  meta_seq: number;
}

export interface LogEffects {
  /** Cached messages whose content, tombstone or reactions changed. */
  changedMessages: { chat_id: number; seq: number }[];
  /** Chats whose title, members or my membership changed. */
  changedChats: number[];
  /** Whether a tombstone was written (the caller then checkpoints the WAL). */
  deleted: boolean;
}

function isTargeted(e: LogEvent): e is TargetedEvent {
  return 'target_seq' in e;
}

/** What a recorded event needs to be applied later; never more (a tombstone scrubs edits). */
function payloadOf(e: LogEvent): Record<string, unknown> {
  switch (e.type) {
    case 'message_edited':
      return { content: e.content, edited_at: e.edited_at, mentions: e.mentions ?? [] };
    case 'message_deleted':
      return {};
    case 'reaction_added':
    case 'reaction_removed':
      return { reaction: e.reaction, actor_id: e.actor_id };
    case 'member_added':
    case 'member_removed':
    case 'member_left':
      return { user_id: e.user_id, member_ids: e.member_ids, admin_ids: e.admin_ids ?? null };
    case 'chat_renamed':
      return { title: e.title };
  }
}

export function toggleReaction(reactions: MessageReaction[], reaction: string, userId: number, on: boolean): MessageReaction[] {
  const next = reactions.map((r) => ({ reaction: r.reaction, user_ids: [...r.user_ids] }));
  let entry = next.find((r) => r.reaction === reaction);
  if (on) {
    if (!entry) next.push((entry = { reaction, user_ids: [] }));
    if (!entry.user_ids.includes(userId)) entry.user_ids.push(userId);
  } else if (entry) {
    entry.user_ids = entry.user_ids.filter((id) => id !== userId);
  }
  return next.filter((r) => r.user_ids.length > 0);
}

export function createChatLog(db: Database.Database, index: SearchIndexWriter) {
  const s = {
    record: db.prepare('INSERT OR IGNORE INTO chat_events (chat_id, seq, kind, target_seq, payload) VALUES (?, ?, ?, ?, ?)'),
    forTarget: db.prepare<[number, number], EventRecord>('SELECT seq, kind, payload FROM chat_events WHERE chat_id = ? AND target_seq = ? ORDER BY seq'),
    scrubEdits: db.prepare(`UPDATE chat_events SET payload = '{}' WHERE chat_id = ? AND target_seq = ? AND kind = 'message_edited'`),
    message: db.prepare<[number, number], MessageRow>('SELECT * FROM messages WHERE chat_id = ? AND seq = ?'),
    edit: db.prepare('UPDATE messages SET content = ?, edited_at = ?, content_seq = ?, mentions = ? WHERE chat_id = ? AND seq = ?'),
    tombstone: db.prepare(`UPDATE messages SET content = '', attachment = NULL, deleted = 1, reactions = '[]', mentions = '[]' WHERE chat_id = ? AND seq = ?`),
    setReactions: db.prepare('UPDATE messages SET reactions = ? WHERE chat_id = ? AND seq = ?'),
    meta: db.prepare<[number], ChatMetaRow>('SELECT member_ids, admin_ids, title, meta_seq FROM chats WHERE id = ?'),
    setMembers: db.prepare('UPDATE chats SET member_ids = ?, admin_ids = ?, meta_seq = ? WHERE id = ?'),
    setEnded: db.prepare('UPDATE chats SET ended = ? WHERE id = ?'),
    setTitle: db.prepare('UPDATE chats SET title = ?, meta_seq = ? WHERE id = ?'),
  };

  /** Applies one targeted event to its cached message; returns whether the row changed. */
  function applyToMessage(row: MessageRow, seq: number, kind: string, payload: Record<string, unknown>, effects: LogEffects): boolean {
    const { chat_id: chatId, seq: target } = row;
    if (row.deleted && kind !== 'message_deleted') return false; // a tombstone takes nothing more
    switch (kind) {
      case 'message_edited':
        if (seq <= row.content_seq || typeof payload.content !== 'string') return false;
        s.edit.run(payload.content, payload.edited_at ?? null, seq, JSON.stringify(Array.isArray(payload.mentions) ? payload.mentions : []), chatId, target);
        index.replace(row.id, payload.content);
        return true;
      case 'message_deleted':
        if (row.deleted) return false;
        s.tombstone.run(chatId, target);
        index.remove(row.id);
        s.scrubEdits.run(chatId, target);
        effects.deleted = true;
        return true;
      case 'reaction_added':
      case 'reaction_removed': {
        const current = JSON.parse(row.reactions) as MessageReaction[];
        const next = toggleReaction(current, String(payload.reaction), Number(payload.actor_id), kind === 'reaction_added');
        if (JSON.stringify(next) === row.reactions) return false;
        s.setReactions.run(JSON.stringify(next), chatId, target);
        return true;
      }
      default:
        return false;
    }
  }

  function applyMeta(me: number, e: MetaEvent, effects: LogEffects): void {
    const meta = s.meta.get(e.chat_id);
    // GET /chats may already have shown a newer state than this event (meta_seq).
    if (!meta || e.seq <= meta.meta_seq) return;
    if (e.type === 'chat_renamed') {
      s.setTitle.run(e.title, e.seq, e.chat_id);
    } else {
      const members = new Set(e.member_ids);
      // Newer servers name the admins after the event (a successor may have been promoted).
      const admins = e.admin_ids ?? (JSON.parse(meta.admin_ids) as number[]).filter((id) => members.has(id));
      s.setMembers.run(JSON.stringify(e.member_ids), JSON.stringify(admins), e.seq, e.chat_id);
      if (e.user_id === me) s.setEnded.run(e.type === 'member_added' ? null : e.type === 'member_removed' ? 'removed' : 'left', e.chat_id);
    }
    effects.changedChats.push(e.chat_id);
  }

  return {
    /** Records and applies one event; a seq seen before changes nothing. */
    apply(me: number, e: LogEvent, effects: LogEffects): void {
      const target = isTargeted(e) ? e.target_seq : null;
      const payload = payloadOf(e);
      if (s.record.run(e.chat_id, e.seq, e.type, target, JSON.stringify(payload)).changes === 0) return;
      if (!isTargeted(e)) return applyMeta(me, e, effects);
      const row = s.message.get(e.chat_id, e.target_seq);
      if (row && applyToMessage(row, e.seq, e.type, payload, effects)) effects.changedMessages.push({ chat_id: e.chat_id, seq: e.target_seq });
    },

    /** A message row was just inserted: apply the events recorded for it, oldest first. */
    applyPendingTo(chatId: number, seq: number, effects: LogEffects): void {
      for (const record of s.forTarget.all(chatId, seq)) {
        const row = s.message.get(chatId, seq);
        if (!row) return;
        applyToMessage(row, record.seq, record.kind, JSON.parse(record.payload) as Record<string, unknown>, effects);
      }
    },

    /**
     * A REST history page covered seqs [low, high] and held no message at these seqs:
     * they are events whose effects the page's rows already show. Recording them lets
     * the cursor and page-completeness checks step over them.
     */
    recordGaps(chatId: number, seqs: number[]): void {
      for (const seq of seqs) s.record.run(chatId, seq, 'gap', null, '{}');
    },
  };
}
