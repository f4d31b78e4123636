/**
 * Chats and their messages. POST /chats/:id/messages goes through the same domain
 * call as a WebSocket send, so it gets the same seq, idempotency and broadcast; a
 * resend with a known client_id answers 201 with the original message.
 */
import { CreateChatRequest, ListMessagesQuery, MarkReadRequest, SendMessageRequest } from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam, parseWith, queryObject } from '../validate.js';

export function chatRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'post',
      pattern: '/chats',
      auth: true,
      async handle(ctx) {
        const { member_ids, title } = parseWith(CreateChatRequest, ctx.body);
        return { status: 201, json: await domain.chats.create(ctx.userId, member_ids, title ?? null) };
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
        });
        return { status: 201, json: message };
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
  ];
}
