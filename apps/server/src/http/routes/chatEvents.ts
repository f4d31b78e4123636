/**
 * Reactions on chat messages and group membership over REST. Reactions are idempotent:
 * adding one you already have, or removing one you do not have, answers 200
 * `{event:null}` and appends nothing.
 */
import { AddMemberRequest, AddMessageReactionRequest, RenameChatRequest } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam, parseWith } from '../validate.js';

/** The reaction segment of a DELETE path, URL-decoded (emoji arrive percent-encoded). */
function reactionParam(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw new AppError('invalid', 'reaction is not valid URL encoding');
  }
}

export function chatEventRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'post',
      pattern: '/chats/:id/messages/:seq/reactions',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const seq = idParam(ctx.params.seq, 'message');
        const { reaction } = parseWith(AddMessageReactionRequest, ctx.body);
        const { event } = await domain.messageEvents.react(ctx.userId, chatId, seq, reaction, false);
        return event ? { status: 201, json: event } : { status: 200, json: { event: null } };
      },
    },
    {
      method: 'delete',
      pattern: '/chats/:id/messages/:seq/reactions/:reaction',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const seq = idParam(ctx.params.seq, 'message');
        const { event } = await domain.messageEvents.react(ctx.userId, chatId, seq, reactionParam(ctx.params.reaction), true);
        return { status: 200, json: event ?? { event: null } };
      },
    },
    {
      method: 'patch',
      pattern: '/chats/:id',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const { title } = parseWith(RenameChatRequest, ctx.body);
        return { status: 200, json: await domain.members.rename(ctx.userId, chatId, title) };
      },
    },
    {
      method: 'post',
      pattern: '/chats/:id/members',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const { user_id } = parseWith(AddMemberRequest, ctx.body);
        return { status: 201, json: await domain.members.add(ctx.userId, chatId, user_id) };
      },
    },
    {
      method: 'delete',
      pattern: '/chats/:id/members/:user_id',
      auth: true,
      async handle(ctx) {
        const chatId = idParam(ctx.params.id, 'chat');
        const memberId = idParam(ctx.params.user_id, 'member');
        return { status: 200, json: await domain.members.remove(ctx.userId, chatId, memberId) };
      },
    },
    {
      method: 'post',
      pattern: '/chats/:id/leave',
      auth: true,
      async handle(ctx) {
        return { status: 200, json: await domain.members.leave(ctx.userId, idParam(ctx.params.id, 'chat')) };
      },
    },
  ];
}
