/** The live feed: posts newest first, their comments, and reaction counts. */
import { createEntityAdapter, createSelector, createSlice } from '@reduxjs/toolkit';
import { LIMITS } from '@parley/protocol';
import type { CommentView, PostView } from '../../../common/views.js';
import { commentsReceived, isSignedOut, postsReceived, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { invoke } from '../../bridge/rendererBridge.js';

const postsAdapter = createEntityAdapter<PostView>({ sortComparer: (a, b) => b.id - a.id });
const commentsAdapter = createEntityAdapter<CommentView>({ sortComparer: (a, b) => a.id - b.id });

export interface FeedState {
  posts: ReturnType<typeof postsAdapter.getInitialState>;
  comments: ReturnType<typeof commentsAdapter.getInitialState>;
  /** Posts whose full comment list has been fetched. */
  commentsLoaded: number[];
  loadingMore: boolean;
  hasMore: boolean;
}

const initialState: FeedState = {
  posts: postsAdapter.getInitialState(),
  comments: commentsAdapter.getInitialState(),
  commentsLoaded: [],
  loadingMore: false,
  hasMore: false,
};

export const loadOlderPosts = createAppThunk('feed/loadOlder', async (before: number | undefined, { extra }) =>
  invoke(extra.bridge, 'feed.list', before === undefined ? {} : { before }),
);

export const loadComments = createAppThunk('feed/loadComments', async (postId: number, { extra }) => ({
  postId,
  comments: await invoke(extra.bridge, 'feed.comments', { postId }),
}));

export const publishPost = createAppThunk('feed/publishPost', async (content: string, { extra }) =>
  invoke(extra.bridge, 'feed.post', { content }),
);

export const addComment = createAppThunk(
  'feed/addComment',
  async (args: { postId: number; content: string }, { extra }) => invoke(extra.bridge, 'feed.comment', args),
);

export const reactToPost = createAppThunk(
  'feed/react',
  async (args: { postId: number; reaction: string }, { extra }) => {
    await invoke(extra.bridge, 'feed.react', args);
    return args;
  },
);

function bumpCommentCount(state: FeedState, comments: readonly CommentView[]): void {
  for (const comment of comments) {
    if (state.comments.entities[comment.id]) continue;
    const post = state.posts.entities[comment.postId];
    // Main's count already includes comments it counted before we fetched them.
    if (post && state.commentsLoaded.includes(comment.postId)) post.comment_count += 1;
  }
}

export const feedSlice = createSlice({
  name: 'feed',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        postsAdapter.setAll(state.posts, payload.posts);
        commentsAdapter.removeAll(state.comments);
        state.commentsLoaded = [];
        // A short first page means the whole feed is already here.
        state.hasMore = payload.posts.length >= LIMITS.defaultPageSize;
      })
      .addCase(postsReceived, (state, { payload }) => {
        postsAdapter.upsertMany(state.posts, payload);
      })
      .addCase(commentsReceived, (state, { payload }) => {
        bumpCommentCount(state, payload);
        commentsAdapter.upsertMany(state.comments, payload);
      })
      .addCase(loadOlderPosts.pending, (state) => {
        state.loadingMore = true;
      })
      .addCase(loadOlderPosts.fulfilled, (state, { payload }) => {
        state.loadingMore = false;
        state.hasMore = payload.length >= LIMITS.defaultPageSize;
        postsAdapter.upsertMany(state.posts, payload);
      })
      .addCase(loadOlderPosts.rejected, (state) => {
        state.loadingMore = false;
      })
      .addCase(loadComments.fulfilled, (state, { payload }) => {
        commentsAdapter.upsertMany(state.comments, payload.comments);
        if (!state.commentsLoaded.includes(payload.postId)) state.commentsLoaded.push(payload.postId);
        const post = state.posts.entities[payload.postId];
        if (post) post.comment_count = Math.max(post.comment_count, payload.comments.length);
      })
      .addCase(publishPost.fulfilled, (state, { payload }) => {
        postsAdapter.upsertOne(state.posts, payload);
      })
      .addCase(addComment.fulfilled, (state, { payload }) => {
        bumpCommentCount(state, [payload]);
        commentsAdapter.upsertOne(state.comments, payload);
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

type S = { feed: FeedState };
const postSelectors = postsAdapter.getSelectors((state: S) => state.feed.posts);
const commentSelectors = commentsAdapter.getSelectors((state: S) => state.feed.comments);
export const selectPosts = postSelectors.selectAll;
export const selectPostById = postSelectors.selectById;

/** Comments of one post, oldest first. One memoized selector per post card. */
export function makeSelectComments() {
  return createSelector([commentSelectors.selectAll, (_: S, postId: number) => postId], (all, postId) =>
    all.filter((c) => c.postId === postId),
  );
}
export const selectOldestPostId = createSelector(selectPosts, (posts) => posts.at(-1)?.id);
