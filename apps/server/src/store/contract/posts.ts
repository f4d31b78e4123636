/** Contract: posts, comments, reactions (moved from the SQLite store's tests, assertions unchanged). */
import { beforeEach, describe, expect, it } from 'vitest';
import { seedUsers, useEmptyStore, type StoreHarness } from './harness.js';

export function postsContract(harness: StoreHarness): void {
  const store = useEmptyStore(harness);
  let a: number, b: number;
  beforeEach(async () => {
    [a, b] = (await seedUsers(store(), 2)) as [number, number];
  });

  describe('posts', () => {
    it('creates posts in the seed shape and lists them newest first with a before cursor', async () => {
      const posts = [];
      for (let i = 1; i <= 5; i++) posts.push(await store().posts.create(i % 2 ? a : b, `post ${i}`));
      expect(posts[0]).toEqual({ id: posts[0]!.id, userId: a, content: 'post 1', timestamp: expect.stringMatching(/\.\d{3}Z$/) });
      expect(await store().posts.byId(posts[0]!.id)).toEqual(posts[0]);
      expect(await store().posts.byId(999)).toBeNull();

      const first = await store().posts.list({ limit: 2 });
      expect(first.map((p) => p.content)).toEqual(['post 5', 'post 4']);
      const next = await store().posts.list({ before: first[1]!.id, limit: 10 });
      expect(next.map((p) => p.content)).toEqual(['post 3', 'post 2', 'post 1']);
      expect(next[0]).toMatchObject({ user_name: 'User 1', comment_count: 0, reactions: {} });
    });

    it('adds comments (listed oldest first) and counts them in the feed', async () => {
      const post = await store().posts.create(a, 'hello');
      const c1 = await store().posts.addComment(post.id, b, 'first!');
      await store().posts.addComment(post.id, a, 'thanks');
      expect(c1).toEqual({ id: c1.id, postId: post.id, userId: b, content: 'first!', timestamp: expect.any(String) });
      const comments = await store().posts.listComments(post.id);
      expect(comments.map((c) => [c.content, c.user_name])).toEqual([['first!', 'User 2'], ['thanks', 'User 1']]);
      expect((await store().posts.list({ limit: 1 }))[0]!.comment_count).toBe(2);
      await expect(store().posts.addComment(999, a, 'lost')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('makes re-adding a reaction idempotent while different reactions coexist', async () => {
      const post = await store().posts.create(a, 'react to me');
      const like = await store().posts.addReaction(post.id, b, 'like');
      const likeAgain = await store().posts.addReaction(post.id, b, 'like');
      expect(likeAgain).toEqual(like);
      await store().posts.addReaction(post.id, b, '🎉');
      await store().posts.addReaction(post.id, a, 'like');
      await store().posts.addReaction(post.id, a, '__proto__');
      const [listed] = await store().posts.list({ limit: 1 });
      // JSON.parse makes `__proto__` an own key, as a stored reaction name must be.
      expect({ ...listed!.reactions }).toEqual(JSON.parse('{"like": 2, "🎉": 1, "__proto__": 1}'));
      await expect(store().posts.addReaction(999, a, 'like')).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
