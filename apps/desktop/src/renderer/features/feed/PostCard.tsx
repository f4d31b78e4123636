/** One post: author, text, reactions, and its comments (fetched when opened). */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { PostView } from '../../../common/views.js';
import { useAppDispatch, useAppSelector } from '../../app/hooks.js';
import { errorMessage } from '../../bridge/rendererBridge.js';
import { Avatar } from '../../ui/Avatar.js';
import { formatDateTime } from '../../ui/format.js';
import { Icon } from '../../ui/Icon.js';
import { displayName, selectUserEntities } from '../users/usersSlice.js';
import { addComment, loadComments, makeSelectComments, reactToPost } from './feedSlice.js';
import { LinkifiedText } from '../../ui/LinkifiedText.js';

export const REACTIONS = ['👍', '❤️', '🎉', '😂'] as const;

interface Props {
  post: PostView;
  /** Scroll to and open this post (a notification about it was clicked). */
  focused: boolean;
  /** Arrived live a moment ago: highlighted briefly. */
  fresh: boolean;
}

export function PostCard({ post, focused, fresh }: Props) {
  const dispatch = useAppDispatch();
  const users = useAppSelector(selectUserEntities);
  const selectComments = useMemo(makeSelectComments, []);
  const comments = useAppSelector((state) => selectComments(state, post.id));
  const [open, setOpen] = useState(focused);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLElement>(null);
  const author = post.user_name || displayName(users, post.userId);

  useEffect(() => {
    if (!focused) return;
    setOpen(true);
    ref.current?.scrollIntoView({ block: 'center' });
    ref.current?.focus();
  }, [focused]);

  useEffect(() => {
    if (open) void dispatch(loadComments(post.id));
  }, [dispatch, open, post.id]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const content = draft.trim();
    if (!content) return;
    setDraft('');
    setError(null);
    try {
      await dispatch(addComment({ postId: post.id, content })).unwrap();
    } catch (e) {
      setDraft(content);
      setError(errorMessage(e));
    }
  };

  return (
    <article
      ref={ref}
      tabIndex={-1}
      className={`card post${fresh ? ' is-fresh' : ''}${focused ? ' is-focused' : ''}`}
      aria-label={`Post by ${author}`}
      data-testid={`post-${post.id}`}
    >
      <header className="post-header">
        <Avatar id={post.userId} name={author} />
        <div>
          <div className="post-author">{author}</div>
          <time className="post-time" dateTime={post.timestamp}>
            {formatDateTime(post.timestamp)}
          </time>
        </div>
      </header>
      <p className="post-content">
        <LinkifiedText text={post.content} />
      </p>
      <div className="post-actions">
        <div className="reactions" role="group" aria-label="Reactions">
          {REACTIONS.map((reaction) => {
            const count = post.reactions[reaction] ?? 0;
            return (
              <button
                key={reaction}
                type="button"
                className={`reaction${count ? ' has-count' : ''}`}
                aria-label={`React ${reaction}${count ? `, ${count} so far` : ''}`}
                onClick={() => void dispatch(reactToPost({ postId: post.id, reaction }))}
              >
                <span aria-hidden="true">{reaction}</span>
                {count > 0 && <span className="reaction-count">{count}</span>}
              </button>
            );
          })}
        </div>
        <button type="button" className="link-btn" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="toggle-comments">
          <Icon name="comment" size={16} /> {post.comment_count === 1 ? '1 comment' : `${post.comment_count} comments`}
        </button>
      </div>
      {open && (
        <div className="comments">
          <ul className="comment-list" aria-label="Comments">
            {comments.map((c) => {
              const name = c.user_name || displayName(users, c.userId);
              return (
                <li key={c.id} className="comment" data-testid="comment">
                  <Avatar id={c.userId} name={name} size="sm" />
                  <div className="comment-body">
                    <span className="comment-author">{name}</span> <LinkifiedText text={c.content} />
                  </div>
                </li>
              );
            })}
          </ul>
          <form className="comment-form" onSubmit={submit}>
            <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="Write a comment…" aria-label={`Comment on ${author}'s post`} maxLength={4000} />
            <button type="submit" className="btn btn-small" disabled={!draft.trim()}>
              Comment
            </button>
          </form>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </article>
  );
}
