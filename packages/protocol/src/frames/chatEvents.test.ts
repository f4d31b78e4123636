import { describe, expect, it } from 'vitest';
import { AddMessageReactionRequest, EventsPage, ListEventsQuery, Message, SendMessageRequest } from '../rest/chats.js';
import { ChatEventSchema, isChatEvent, ReadFrameSchema } from './chatEvents.js';
import { decodeClientFrame } from './index.js';

const base = { chat_id: 5, seq: 7, actor_id: 2, timestamp: '2024-01-01T12:00:00.000Z' };

describe('chat event client frames', () => {
  it('accepts edit, delete, react, read and a reply', () => {
    expect(decodeClientFrame('{"type":"edit","target_seq":3,"content":"fixed","client_id":"e-1"}')).toMatchObject({ ok: true, frame: { type: 'edit', target_seq: 3, content: 'fixed' } });
    expect(decodeClientFrame('{"type":"delete","target_seq":3}')).toMatchObject({ ok: true, frame: { type: 'delete', target_seq: 3 } });
    expect(decodeClientFrame('{"type":"react","target_seq":3,"reaction":"👍🏽"}')).toMatchObject({ ok: true, frame: { type: 'react', reaction: '👍🏽' } });
    expect(decodeClientFrame('{"type":"react","target_seq":3,"reaction":"like","remove":true}')).toMatchObject({ ok: true, frame: { remove: true } });
    expect(decodeClientFrame('{"type":"read","seq":0}')).toMatchObject({ ok: true, frame: { type: 'read', seq: 0 } });
    expect(decodeClientFrame('{"channel":"messages/5","type":"message","content":"x","reply_to_seq":2}')).toMatchObject({ ok: true, channel: 'messages/5', frame: { reply_to_seq: 2 } });
  });
  it('answers bad shapes with invalid', () => {
    for (const bad of [
      '{"type":"edit","target_seq":0,"content":"x"}',
      '{"type":"edit","target_seq":3}',
      '{"type":"edit","target_seq":"3","content":"x"}',
      '{"type":"delete","target_seq":1.5}',
      '{"type":"react","target_seq":3,"reaction":""}',
      '{"type":"react","target_seq":3,"reaction":"two words"}',
      '{"type":"react","target_seq":3,"reaction":"tab\\there"}',
      '{"type":"react","target_seq":3,"reaction":"bell\\u0007"}',
      '{"type":"react","target_seq":3,"reaction":"x","remove":"yes"}',
      '{"type":"read","seq":-1}',
      '{"type":"message","content":"x","reply_to_seq":0}',
    ]) {
      expect(decodeClientFrame(bad), bad).toMatchObject({ ok: false, code: 'invalid' });
    }
  });
});

describe('chat event server frames', () => {
  it('validates every event type and rejects unknown ones', () => {
    const events = [
      { type: 'new_message', ...base, message_id: 9, sender_id: 2, content: 'hi', attachment: null, reply_to_seq: null },
      { type: 'message_edited', ...base, target_seq: 3, content: 'new', edited_at: base.timestamp },
      { type: 'message_deleted', ...base, target_seq: 3 },
      { type: 'reaction_added', ...base, target_seq: 3, reaction: '👍' },
      { type: 'reaction_removed', ...base, target_seq: 3, reaction: '👍' },
      { type: 'member_added', ...base, user_id: 4, member_ids: [2, 4] },
      { type: 'member_removed', ...base, user_id: 4, member_ids: [2] },
      { type: 'member_left', ...base, user_id: 4, member_ids: [2] },
      { type: 'chat_renamed', ...base, title: 'Team' },
    ];
    for (const event of events) {
      expect(ChatEventSchema.safeParse(event).success, event.type).toBe(true);
      expect(isChatEvent(event)).toBe(true);
    }
    expect(ChatEventSchema.safeParse({ type: 'message_edited', ...base, target_seq: 3 }).success).toBe(false);
    expect(ChatEventSchema.safeParse({ type: 'message_deleted', ...base, seq: 0, target_seq: 3 }).success).toBe(false);
    expect(isChatEvent({ type: 'read' })).toBe(false);
    expect(isChatEvent({ type: 'typing' })).toBe(false);
    expect(ReadFrameSchema.safeParse({ type: 'read', chat_id: 5, user_id: 2, seq: 7 }).success).toBe(true);
  });
  it('parses an events page and a message in its current state', () => {
    expect(EventsPage.safeParse({ events: [{ type: 'message_deleted', ...base, target_seq: 1 }] }).success).toBe(true);
    expect(EventsPage.safeParse({ events: [{ type: 'nope', ...base }] }).success).toBe(false);
    const message = { id: 1, chat_id: 5, seq: 1, sender_id: 2, content: '', attachment: null, timestamp: base.timestamp, reply_to_seq: null, edited_at: null, deleted: true, reactions: [{ reaction: '👍', user_ids: [2] }] };
    expect(Message.safeParse(message).success).toBe(true);
  });
});

describe('chat event REST bodies', () => {
  it('validates reactions, replies and event paging', () => {
    expect(AddMessageReactionRequest.safeParse({ reaction: '🎉' }).success).toBe(true);
    expect(AddMessageReactionRequest.safeParse({ reaction: 'a b' }).success).toBe(false);
    expect(SendMessageRequest.safeParse({ content: 'x', reply_to_seq: 4 }).success).toBe(true);
    expect(SendMessageRequest.safeParse({ content: 'x', reply_to_seq: -4 }).success).toBe(false);
    expect(ListEventsQuery.parse({ after_seq: '3', limit: '10' })).toEqual({ after_seq: 3, limit: 10 });
    expect(ListEventsQuery.safeParse({ limit: '0' }).success).toBe(false);
  });
});
