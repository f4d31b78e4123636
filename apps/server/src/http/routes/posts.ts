/** The feed: POST/GET /posts, comments and reactions. */
import { CreateCommentRequest, CreatePostRequest, CreateReactionRequest, ListPostsQuery } from '@parley/protocol';
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';
import { idParam, parseWith, queryObject } from '../validate.js';

export function postRoutes({ domain }: HttpDeps): Route[] {
  return [
    {
      method: 'post',
      pattern: '/posts',
      auth: true,
      async handle(ctx) {
        const { content } = parseWith(CreatePostRequest, ctx.body);
        return { status: 201, json: await domain.posts.create(ctx.userId, content) };
      },
    },
    {
      method: 'get',
      pattern: '/posts',
      auth: true,
      async handle(ctx) {
        const q = parseWith(ListPostsQuery, queryObject(ctx.query));
        return { status: 200, json: await domain.posts.list({ before: q.before, limit: q.limit }) };
      },
    },
    {
      method: 'post',
      pattern: '/posts/:id/comments',
      auth: true,
      async handle(ctx) {
        const postId = idParam(ctx.params.id, 'post');
        const { content } = parseWith(CreateCommentRequest, ctx.body);
        return { status: 201, json: await domain.posts.comment(ctx.userId, postId, content) };
      },
    },
    {
      method: 'post',
      pattern: '/posts/:id/reactions',
      auth: true,
      async handle(ctx) {
        const postId = idParam(ctx.params.id, 'post');
        const { reaction } = parseWith(CreateReactionRequest, ctx.body);
        return { status: 201, json: await domain.posts.react(ctx.userId, postId, reaction) };
      },
    },
  ];
}
