/**
 * The live feed: a composer, then posts newest first. New posts arrive through the
 * store; the seed's `useWebSocketFeed` hook marks them fresh so they are highlighted.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { errorMessage } from '../../bridge/rendererBridge.js';
import { useWebSocketFeed } from '../../hooks/useWebSocketHooks.js';
import { postFocusHandled } from '../navigation/navigationSlice.js';
import { loadOlderPosts, publishPost, selectOldestPostId, selectPosts } from './feedSlice.js';
import { PostCard } from './PostCard.js';

/** How long a post that arrived live stays highlighted. */
const FRESH_MS = 4000;

function PostComposer() {
  const dispatch = useAppDispatch();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const content = text.trim();
    if (!content || busy) return;
    setBusy(true);
    setError(null);
    try {
      await dispatch(publishPost(content)).unwrap();
      setText('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card post-composer" onSubmit={submit} aria-label="New post">
      <textarea value={text} onChange={(e) => setText(e.target.value)} placeholder="Share something with your network…" aria-label="Post text" rows={3} maxLength={4000} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="post-composer-actions">
        <button type="submit" className="btn btn-primary" disabled={!text.trim() || busy}>
          Post
        </button>
      </div>
    </form>
  );
}

export function FeedScreen() {
  const dispatch = useAppDispatch();
  const posts = useAppSelector(selectPosts);
  const oldest = useAppSelector(selectOldestPostId);
  const { loadingMore, hasMore } = useAppSelector((state) => state.feed);
  const focusedPostId = useAppSelector((state) => state.navigation.focusedPostId);
  const [fresh, setFresh] = useState<number[]>([]);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);

  useWebSocketFeed(
    (post) => {
      setFresh((ids) => [...ids, post.id]);
      timers.current.push(setTimeout(() => setFresh((ids) => ids.filter((id) => id !== post.id)), FRESH_MS));
    },
    () => undefined, // Comment counts and lists update through the store.
  );
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  // Refresh the first page on entry: the cache may be behind after a long sleep.
  useEffect(() => {
    void dispatch(loadOlderPosts(undefined));
  }, [dispatch]);

  useEffect(() => {
    if (focusedPostId === null) return;
    const timer = setTimeout(() => dispatch(postFocusHandled()), 1500);
    return () => clearTimeout(timer);
  }, [dispatch, focusedPostId]);

  return (
    <div className="page feed-page">
      <header className="page-header">
        <h2>Feed</h2>
      </header>
      <div className="feed-column">
        <PostComposer />
        <div className="feed-list" aria-label="Posts" data-testid="feed-list">
          {posts.length === 0 && <p className="empty-hint">No posts yet. Be the first to share something.</p>}
          {posts.map((post) => (
            <PostCard key={post.id} post={post} focused={post.id === focusedPostId} fresh={fresh.includes(post.id)} />
          ))}
        </div>
        {hasMore && posts.length > 0 && (
          <button type="button" className="btn btn-block" disabled={loadingMore} onClick={() => void dispatch(loadOlderPosts(oldest))}>
            {loadingMore ? 'Loading…' : 'Show older posts'}
          </button>
        )}
      </div>
    </div>
  );
}
