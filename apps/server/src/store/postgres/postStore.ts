/** Posts (the feed), comments and reactions. */
import type { Comment, Post } from '@parley/protocol';
import { AppError } from '../../domain/errors.js';
import type { PostStore } from '../types.js';
import type { PgContext } from './context.js';
import { PG, pgCode } from './pool.js';
import { COMMENT_COLUMNS, POST_COLUMNS, qualified, toComment, toPost, type CommentDbRow, type PostDbRow } from '../rows.js';

/** Largest feed page; the same cap as SQLite's. */
export const MAX_POST_PAGE = 500;

/** Foreign-key failures mean a referenced row (post, user) does not exist. */
async function missingParent<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgCode(err) === PG.FOREIGN_KEY_VIOLATION) throw new AppError('not_found', `${what} not found`);
    throw err;
  }
}

export function createPostStore({ rows, timed }: PgContext): PostStore {
  return {
    create: (userId, content) => timed('posts.create', async () => {
      const [row] = await missingParent('user', () =>
        rows<PostDbRow>(`INSERT INTO posts (user_id, content) VALUES ($1, $2) RETURNING ${POST_COLUMNS}`, [userId, content]),
      );
      return toPost(row!);
    }),
    byId: (id) => timed('posts.byId', async () => {
      const [row] = await rows<PostDbRow>(`SELECT ${POST_COLUMNS} FROM posts WHERE id = $1`, [id]);
      return row ? toPost(row) : null;
    }),
    list: (opts) => timed('posts.list', async (): Promise<Post[]> => {
      const limit = Math.min(Math.max(Math.trunc(opts.limit), 1), MAX_POST_PAGE);
      const page = await rows<PostDbRow & { user_name: string; comment_count: number }>(
        `SELECT ${qualified(POST_COLUMNS, 'p')}, u.full_name AS user_name,
                (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id) AS comment_count
           FROM posts p JOIN users u ON u.id = p.user_id
          WHERE p.id < $1
          ORDER BY p.id DESC LIMIT $2`,
        [opts.before ?? Number.MAX_SAFE_INTEGER, limit],
      );
      const reactions = new Map<number, Record<string, number>>();
      if (page.length > 0) {
        const counts = await rows<{ post_id: number; reaction: string; n: number }>(
          `SELECT post_id, reaction, COUNT(*) AS n FROM reactions WHERE post_id = ANY($1::bigint[]) GROUP BY post_id, reaction`,
          [page.map((p) => p.id)],
        );
        for (const { post_id, reaction, n } of counts) {
          // No prototype: a reaction named `__proto__` is data like any other.
          const byReaction = reactions.get(post_id) ?? (Object.create(null) as Record<string, number>);
          byReaction[reaction] = n;
          reactions.set(post_id, byReaction);
        }
      }
      return page.map((row) => ({
        ...toPost(row),
        user_name: row.user_name,
        comment_count: row.comment_count,
        reactions: reactions.get(row.id) ?? {},
      }));
    }),
    addComment: (postId, userId, content) => timed('posts.addComment', async () => {
      const [row] = await missingParent('post', () =>
        rows<CommentDbRow>(
          `INSERT INTO comments (post_id, user_id, content) VALUES ($1, $2, $3) RETURNING ${COMMENT_COLUMNS}`,
          [postId, userId, content],
        ),
      );
      return toComment(row!);
    }),
    listComments: (postId) => timed('posts.listComments', async (): Promise<Comment[]> =>
      (await rows<CommentDbRow & { user_name: string }>(
        `SELECT ${qualified(COMMENT_COLUMNS, 'c')}, u.full_name AS user_name
           FROM comments c JOIN users u ON u.id = c.user_id
          WHERE c.post_id = $1 ORDER BY c.id`,
        [postId],
      )).map((row) => ({ ...toComment(row), user_name: row.user_name })),
    ),
    // Re-adding the same reaction is a no-op that returns the first one's id and time.
    // A concurrent twin's INSERT waits on the unique index and then does nothing; the
    // lookup, a new statement, sees whichever row won.
    addReaction: (postId, userId, reaction) => timed('posts.addReaction', async () => {
      await missingParent('post', () =>
        rows(
          `INSERT INTO reactions (post_id, user_id, reaction) VALUES ($1, $2, $3)
           ON CONFLICT (post_id, user_id, reaction) DO NOTHING`,
          [postId, userId, reaction],
        ),
      );
      const [row] = await rows<{ id: number; created_at: string }>(
        'SELECT id, created_at FROM reactions WHERE post_id = $1 AND user_id = $2 AND reaction = $3',
        [postId, userId, reaction],
      );
      if (!row) throw new Error(`reaction on post ${postId} was stored but cannot be read`);
      return { id: row.id, timestamp: row.created_at };
    }),
  };
}
