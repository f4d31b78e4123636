import { describe, expect, it } from 'vitest';
import { adminsAfterLeaving, decideEvent, type EventFacts } from './eventRules.js';

const NOW = Date.parse('2024-01-02T00:00:00.000Z');
const facts = (over: Partial<EventFacts> = {}): EventFacts => ({
  chat: { is_group: true },
  actor: { is_admin: false },
  target: { kind: 'message', sender_id: 1, deleted: false, created_at: '2024-01-01T23:00:00.000Z' },
  actorHasReaction: false,
  reactionExists: false,
  distinctReactions: 0,
  subjectIsMember: true,
  memberCount: 3,
  ...over,
});
const edit = (editWindowMs: number) => ({ type: 'message_edited' as const, targetSeq: 1, content: 'x', editWindowMs });

describe('decideEvent', () => {
  it('lets the author edit inside the window only; 0 means no window', () => {
    expect(decideEvent(1, edit(2 * 3600_000), facts(), NOW)).toEqual({ ok: true, noop: false });
    expect(decideEvent(1, edit(30 * 60_000), facts(), NOW)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideEvent(1, edit(0), facts(), NOW)).toEqual({ ok: true, noop: false });
    expect(decideEvent(2, edit(0), facts({ actor: { is_admin: true } }), NOW)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('lets the author or a group admin delete, never twice', () => {
    const del = { type: 'message_deleted' as const, targetSeq: 1 };
    expect(decideEvent(1, del, facts(), NOW)).toMatchObject({ ok: true });
    expect(decideEvent(2, del, facts(), NOW)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideEvent(2, del, facts({ actor: { is_admin: true } }), NOW)).toMatchObject({ ok: true });
    // An admin flag outside a group grants nothing.
    expect(decideEvent(2, del, facts({ chat: { is_group: false }, actor: { is_admin: true } }), NOW)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideEvent(1, del, facts({ target: { kind: 'message', sender_id: 1, deleted: true, created_at: '' } }), NOW)).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('treats missing or non-message targets as unknown, and non-members as forbidden', () => {
    const react = { type: 'reaction_added' as const, targetSeq: 9, reaction: 'ok', maxReactions: 2 };
    expect(decideEvent(1, react, facts({ target: null }), NOW)).toMatchObject({ ok: false, code: 'not_found', unknownTarget: true });
    expect(decideEvent(1, react, facts({ target: { kind: 'reaction_added', sender_id: 1, deleted: false, created_at: '' } }), NOW)).toMatchObject({ unknownTarget: true });
    expect(decideEvent(1, react, facts({ actor: null }), NOW)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideEvent(1, react, facts({ chat: null }), NOW)).toMatchObject({ ok: false, code: 'not_found', unknownTarget: false });
  });

  it('makes reactions idempotent and caps their variety', () => {
    const add = { type: 'reaction_added' as const, targetSeq: 1, reaction: 'ok', maxReactions: 2 };
    const remove = { type: 'reaction_removed' as const, targetSeq: 1, reaction: 'ok' };
    expect(decideEvent(2, add, facts({ actorHasReaction: true, reactionExists: true }), NOW)).toEqual({ ok: true, noop: true });
    expect(decideEvent(2, remove, facts(), NOW)).toEqual({ ok: true, noop: true });
    expect(decideEvent(2, add, facts({ distinctReactions: 2 }), NOW)).toMatchObject({ ok: false, code: 'invalid' });
    // Joining an existing reaction adds no variety.
    expect(decideEvent(2, add, facts({ distinctReactions: 2, reactionExists: true }), NOW)).toEqual({ ok: true, noop: false });
  });

  it('keeps membership changes to group admins, within the size limit', () => {
    const add = { type: 'member_added' as const, userId: 4, maxMembers: 3 };
    expect(decideEvent(1, add, facts({ actor: { is_admin: true }, subjectIsMember: false, memberCount: 2 }), NOW)).toMatchObject({ ok: true });
    expect(decideEvent(1, add, facts({ actor: { is_admin: true }, subjectIsMember: false }), NOW)).toMatchObject({ ok: false, code: 'invalid' });
    expect(decideEvent(1, add, facts({ subjectIsMember: false, memberCount: 2 }), NOW)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decideEvent(1, { type: 'member_removed', userId: 4 }, facts({ actor: { is_admin: true }, subjectIsMember: false }), NOW)).toMatchObject({ code: 'not_found' });
    expect(decideEvent(1, { type: 'member_left' }, facts({ chat: { is_group: false } }), NOW)).toMatchObject({ code: 'invalid' });
    expect(decideEvent(1, { type: 'chat_renamed', title: 't' }, facts(), NOW)).toMatchObject({ ok: true });
  });
});

describe('adminsAfterLeaving', () => {
  it('promotes the lowest remaining id only when the last admin goes', () => {
    expect(adminsAfterLeaving([1, 2, 3], [3], 3)).toEqual({ adminIds: [1], promoted: 1 });
    expect(adminsAfterLeaving([1, 2, 3], [2, 3], 3)).toEqual({ adminIds: [2], promoted: null });
    expect(adminsAfterLeaving([1, 2, 3], [3], 2)).toEqual({ adminIds: [3], promoted: null });
    expect(adminsAfterLeaving([5], [5], 5)).toEqual({ adminIds: [], promoted: null });
  });
});
