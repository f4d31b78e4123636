import { z } from 'zod';
import { Content, Id, Timestamp } from '../common.js';

/** Field names follow the seed (`userId`, `postId`), not snake_case. */
export const Post = z.object({
  id: Id,
  userId: Id,
  content: z.string(),
  timestamp: Timestamp,
  user_name: z.string().optional(),
  comment_count: z.number().int().nonnegative().optional(),
  reactions: z.record(z.string(), z.number().int()).optional(),
});
export type Post = z.infer<typeof Post>;

export const Comment = z.object({
  id: Id,
  postId: Id,
  userId: Id,
  content: z.string(),
  timestamp: Timestamp,
  user_name: z.string().optional(),
});
export type Comment = z.infer<typeof Comment>;

export const CreatePostRequest = z.object({ content: Content });
export const CreateCommentRequest = z.object({ content: Content });
/** A reaction is a short token: an emoji or a word like "like". */
export const CreateReactionRequest = z.object({ reaction: z.string().min(1).max(32) });

export const Reaction = z.object({
  id: Id,
  postId: Id,
  userId: Id,
  reaction: z.string(),
  timestamp: Timestamp,
});
export type Reaction = z.infer<typeof Reaction>;

export const ListPostsQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().positive().max(200).optional(),
});
