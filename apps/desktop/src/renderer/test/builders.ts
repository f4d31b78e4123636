/** Small builders for view objects, so each test states only the fields it is about. */
import { vi } from 'vitest';
import type { ChatView, ContactView, MessageView, PostView } from '../../common/views.js';
import type { MessageActions } from '../features/messages/messageActionsContext.js';

export function message(over: Partial<MessageView> & { chat_id: number; seq: number | null }): MessageView {
  const id = over.id === undefined ? (over.seq === null ? null : over.chat_id * 1000 + over.seq) : over.id;
  const clientId = over.client_id ?? null;
  return {
    key: over.key ?? (id !== null ? `m${id}` : `c${clientId}`),
    id,
    sender_id: 2,
    content: `message ${over.seq ?? clientId}`,
    attachment: null,
    timestamp: '2024-01-01T12:00:00.000Z',
    client_id: clientId,
    state: id !== null ? 'sent' : 'pending',
    reply_to_seq: null,
    edited_at: null,
    deleted: false,
    reactions: [],
    ...over,
  };
}

export function chat(over: Partial<ChatView> & { id: number }): ChatView {
  return {
    title: null,
    member_ids: [1, 2],
    is_group: false,
    admin_ids: [],
    reads: [],
    ended: null,
    last_message: null,
    unread_count: 0,
    last_seq: 0,
    read_seq: 0,
    muted: false,
    notify_mode: 'all',
    ...over,
  };
}

export function contact(over: Partial<ContactView> & { id: number }): ContactView {
  return { full_name: `User ${over.id}`, connection_id: over.id * 10, online: false, starred: false, ...over };
}

export function post(over: Partial<PostView> & { id: number }): PostView {
  return {
    userId: 2,
    content: `post ${over.id}`,
    timestamp: '2024-01-01T12:00:00.000Z',
    user_name: 'Grace Hopper',
    comment_count: 0,
    reactions: {},
    ...over,
  };
}

/** A bubble's actions in chat 5 as user 1, every action a spy. */
export function messageActions(over: Partial<MessageActions> = {}): MessageActions {
  return {
    chatId: 5,
    myId: 1,
    readOnly: false,
    isAdmin: false,
    reply: vi.fn(),
    edit: vi.fn(),
    remove: vi.fn(),
    react: vi.fn(),
    jumpTo: vi.fn(),
    nameOf: (id) => `User ${id}`,
    ...over,
  };
}
