import { describe, expect, it } from 'vitest';
import { message } from '../../test/builders.js';
import { allowedActions, type MessageActions } from './messageActionsContext.js';

const ME = 1;
const actions = (over: Partial<MessageActions> = {}): MessageActions => ({
  chatId: 5,
  myId: ME,
  readOnly: false,
  isAdmin: false,
  reply: () => undefined,
  edit: () => undefined,
  remove: () => undefined,
  react: () => undefined,
  jumpTo: () => undefined,
  nameOf: (id) => `User ${id}`,
  ...over,
});

describe('allowedActions', () => {
  it('offers edit and delete on my own stored messages only', () => {
    expect(allowedActions(message({ chat_id: 5, seq: 1, sender_id: ME }), actions())).toEqual({ reply: true, react: true, edit: true, remove: true });
    expect(allowedActions(message({ chat_id: 5, seq: 2, sender_id: 2 }), actions())).toEqual({ reply: true, react: true, edit: false, remove: false });
  });
  it('lets a group admin delete, but never edit, what others wrote', () => {
    expect(allowedActions(message({ chat_id: 5, seq: 2, sender_id: 2 }), actions({ isAdmin: true }))).toEqual({ reply: true, react: true, edit: false, remove: true });
  });
  it('offers nothing on a tombstone, a message still in the outbox, or a chat I was removed from', () => {
    const none = { reply: false, react: false, edit: false, remove: false };
    expect(allowedActions(message({ chat_id: 5, seq: 3, sender_id: ME, deleted: true, content: '' }), actions())).toEqual(none);
    expect(allowedActions(message({ chat_id: 5, seq: null, client_id: 'c1', sender_id: ME }), actions())).toEqual(none);
    expect(allowedActions(message({ chat_id: 5, seq: 4, sender_id: ME }), actions({ readOnly: true }))).toEqual(none);
  });
  it('does not offer editing a message that is only an attachment', () => {
    expect(allowedActions(message({ chat_id: 5, seq: 5, sender_id: ME, content: '', attachment: '/upload/files/AbCdEfGhIjKlMnOp1234.jpg' }), actions()).edit).toBe(false);
  });
});
