/**
 * The feed: posts, comments and reactions. Events carry the actor's name and the post
 * author's id so the realtime layer can notify the author — and never the actor.
 */
import { LIMITS } from '@parley/protocol';
import type { Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { Domain } from './domain.js';
import type { RateLimiter } from './rateLimit.js';
import { checkContent, cleanText } from './text.js';

const MAX_REACTION_CHARS = 32;

export function createPosts(store: Store, events: EventSink, limiter: RateLimiter, maxContentChars: number): Domain['posts'] {
  async function nameOf(id: number): Promise<string> {
    return (await store.users.byId(id))?.full_name ?? '';
  }

  async function postOrThrow(postId: number) {
    const post = await store.posts.byId(postId);
    if (!post) throw new AppError('not_found', 'post not found');
    return post;
  }

  return {
    async create(userId, rawContent) {
      const content = checkContent(rawContent, maxContentChars, 'content');
      limiter.consume('rest_write', userId);
      const post = await store.posts.create(userId, content);
      const withName = { ...post, user_name: post.user_name ?? (await nameOf(userId)) };
      events.publish({ kind: 'post_created', post: withName });
      return withName;
    },

    async list(opts) {
      const limit = Math.min(Math.max(1, opts.limit ?? LIMITS.defaultPageSize), LIMITS.maxPageSize);
      return store.posts.list({ before: opts.before, limit });
    },

    async comment(userId, postId, rawContent) {
      const content = checkContent(rawContent, maxContentChars, 'content');
      const post = await postOrThrow(postId);
      limiter.consume('rest_write', userId);
      const actorName = await nameOf(userId);
      const comment = await store.posts.addComment(postId, userId, content);
      const withName = { ...comment, user_name: comment.user_name ?? actorName };
      events.publish({ kind: 'comment_created', comment: withName, postAuthorId: post.userId, actorName });
      return withName;
    },

    async react(userId, postId, rawReaction) {
      const reaction = cleanText(rawReaction);
      if (reaction.length === 0 || [...reaction].length > MAX_REACTION_CHARS) {
        throw new AppError('invalid', `reaction must be 1–${MAX_REACTION_CHARS} characters`);
      }
      const post = await postOrThrow(postId);
      limiter.consume('rest_write', userId);
      const actorName = await nameOf(userId);
      const { id, timestamp } = await store.posts.addReaction(postId, userId, reaction);
      events.publish({ kind: 'reaction_created', postId, postAuthorId: post.userId, userId, actorName, reaction });
      return { id, postId, userId, reaction, timestamp };
    },
  };
}
