/**
 * Chats, their messages and their event log. POST /chats/:id/messages goes through the
 * same domain call as a WebSocket send, so it gets the same seq, idempotency and
 * broadcast; a resend with a known client_id answers 201 with the original message.
 * Edits, deletions, reactions and membership changes likewise share the WebSocket path
 * and answer with the event they appended.
 */
import {
  CreateChatRequest,
  EditMessageRequest,
  ListEventsQuery,
  ListMessagesQuery,
  MarkReadRequest,
  SendMessageRequest,
} from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam, parseWith, queryObject } from '../validate.js';
import { chatEventRoutes } from './chatEvents.js';

export function chatRoutes(deps: HttpDeps): Route[] {
  const { domain } = deps;
  return [
    {
      method: 'post',
      pattern: '/chats',
      auth: true,
      async handle(ctx) {
        const { member_ids, title } = parseWith(CreateChatRequest, ctx.body);
        const { chat, created } = await domain.chats.create(ctx.userId, member_ids, title ?? null);
        // A 1:1 chat that already existed is returned as it is.
        return { status: created ? 201 : 200, json: chat };
      },
    },
    {
      method: 'get',
      pattern: '/chats',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.chats.list(ctx.userId) };
      },
    },
    {
      method: 'get',
      pattern: '/chats/:id',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.chats.detail(ctx.userId, idParam(ctx.params.id, 'chat')) };
      },
    },
    {
      method: 'get',
      pattern: '/chats/:id/messages',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const q = parseWith(ListMessagesQuery, queryObject(ctx.query));
        return { status: 200, json: await domain.messages.list(ctx.userId, chatId, { afterSeq: q.after_seq, beforeSeq: q.before_seq, limit: q.limit }) };
      },
    },
    {
      method: 'post',
      pattern: '/chats/:id/messages',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const body = parseWith(SendMessageRequest, ctx.body);
        const { message } = await domain.messages.send(ctx.userId, chatId, {
          content: body.content,
          attachment: body.attachment ?? null,
          clientId: body.client_id ?? null,
          replyToSeq: body.reply_to_seq ?? null,
          mentions: body.mentions ?? null,
        });
        return { status: 201, json: message };
      },
    },
    {
      method: 'patch',
      pattern: '/chats/:id/messages/:seq',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const seq = idParam(ctx.params.seq, 'message');
        const { content, mentions } = parseWith(EditMessageRequest, ctx.body);
        return { status: 200, json: await domain.messageEvents.edit(ctx.userId, chatId, seq, content, mentions ?? null) };
      },
    },
    {
      method: 'delete',
      pattern: '/chats/:id/messages/:seq',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const seq = idParam(ctx.params.seq, 'message');
        return { status: 200, json: await domain.messageEvents.delete(ctx.userId, chatId, seq) };
      },
    },
    {
      method: 'get',
      pattern: '/chats/:id/events',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const q = parseWith(ListEventsQuery, queryObject(ctx.query));
        return { status: 200, json: { events: await domain.chats.events(ctx.userId, chatId, q.after_seq ?? 0, q.limit) } };
      },
    },
    {
      method: 'post',
      pattern: '/chats/:id/read',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const { seq } = parseWith(MarkReadRequest, ctx.body);
        await domain.chats.markRead(ctx.userId, chatId, seq);
        return { status: 204 };
      },
    },
    ...chatEventRoutes(deps),
  ];
}
