/** Posts (the feed), comments and reactions. */
import type { Comment, Post } from '@parley/protocol';
import type { PostStore } from '../types.js';
import type { SqliteContext } from './context.js';
import { toComment, toPost, type CommentDbRow, type PostDbRow } from '../rows.js';

/** Largest feed page, for the same reason as MAX_MESSAGE_PAGE: it is built on the event loop. */
export const MAX_POST_PAGE = 500;

export function createPostStore({ read, writer, timed }: SqliteContext): PostStore {
  const byId = read.prepare('SELECT id, user_id, content, created_at FROM posts WHERE id = ?');
  const page = read.prepare(
    `SELECT p.id, p.user_id, p.content, p.created_at, u.full_name AS user_name,
            (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id) AS comment_count
       FROM posts p JOIN users u ON u.id = p.user_id
      WHERE p.id < ?
      ORDER BY p.id DESC LIMIT ?`,
  );
  const reactionCounts = read.prepare(
    `SELECT post_id, reaction, COUNT(*) AS n FROM reactions
      WHERE post_id IN (SELECT value FROM json_each(?))
      GROUP BY post_id, reaction`,
  );
  const comments = read.prepare(
    `SELECT c.id, c.post_id, c.user_id, c.content, c.created_at, u.full_name AS user_name
       FROM comments c JOIN users u ON u.id = c.user_id
      WHERE c.post_id = ? ORDER BY c.id`,
  );

  return {
    create: (userId, content) => timed('posts.create', () => writer.call('post.create', { userId, content })),
    byId: (id) => timed('posts.byId', () => {
      const row = byId.get(id) as PostDbRow | undefined;
      return row ? toPost(row) : null;
    }),
    list: (opts) => timed('posts.list', (): Post[] => {
      const limit = Math.min(Math.max(Math.trunc(opts.limit), 1), MAX_POST_PAGE);
      const rows = page.all(opts.before ?? Number.MAX_SAFE_INTEGER, limit) as (PostDbRow & { user_name: string; comment_count: number })[];
      const reactions = new Map<number, Record<string, number>>();
      if (rows.length > 0) {
        const counts = reactionCounts.all(JSON.stringify(rows.map((r) => r.id))) as { post_id: number; reaction: string; n: number }[];
        for (const { post_id, reaction, n } of counts) {
          // No prototype: a reaction named `__proto__` is data like any other.
          const byReaction = reactions.get(post_id) ?? (Object.create(null) as Record<string, number>);
          byReaction[reaction] = n;
          reactions.set(post_id, byReaction);
        }
      }
      return rows.map((row) => ({
        ...toPost(row),
        user_name: row.user_name,
        comment_count: row.comment_count,
        reactions: reactions.get(row.id) ?? {},
      }));
    }),
    addComment: (postId, userId, content) => timed('posts.addComment', () => writer.call('post.addComment', { postId, userId, content })),
    listComments: (postId) => timed('posts.listComments', (): Comment[] =>
      (comments.all(postId) as (CommentDbRow & { user_name: string })[]).map((row) => ({ ...toComment(row), user_name: row.user_name })),
    ),
    addReaction: (postId, userId, reaction) => timed('posts.addReaction', () => writer.call('post.addReaction', { postId, userId, reaction })),
  };
}
