/**
 * Everyone the app knows by name: from the snapshot, contacts, requests, search results
 * and authors of posts and comments. Chat titles and bubbles look names up here.
 */
import { createEntityAdapter, createSlice } from '@reduxjs/toolkit';
import type { User } from '@parley/protocol';
import {
  commentsReceived,
  contactsReceived,
  isSignedOut,
  postsReceived,
  requestsReceived,
  sessionChanged,
  snapshotLoaded,
} from '../../app/events.js';
import { searchPeople } from '../connections/connectionsSlice.js';

export interface KnownUser {
  id: number;
  full_name: string;
}

const usersAdapter = createEntityAdapter<KnownUser>();
const initialState = usersAdapter.getInitialState();

function known(users: readonly { id: number; full_name: string }[]): KnownUser[] {
  return users.filter((u) => u.full_name).map((u) => ({ id: u.id, full_name: u.full_name }));
}

export const usersSlice = createSlice({
  name: 'users',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        const me: User[] = payload.session ? [payload.session.user] : [];
        usersAdapter.setAll(state, known([...payload.users, ...payload.contacts, ...me]));
        usersAdapter.upsertMany(state, payload.requests.map((r) => ({ id: r.from_user_id, full_name: r.from_user_name })));
        usersAdapter.upsertMany(state, known(payload.posts.map((p) => ({ id: p.userId, full_name: p.user_name }))));
      })
      .addCase(sessionChanged, (state, { payload }) => {
        if (payload) usersAdapter.upsertOne(state, { id: payload.user.id, full_name: payload.user.full_name });
      })
      .addCase(contactsReceived, (state, { payload }) => {
        usersAdapter.upsertMany(state, known(payload));
      })
      .addCase(requestsReceived, (state, { payload }) => {
        usersAdapter.upsertMany(state, payload.map((r) => ({ id: r.from_user_id, full_name: r.from_user_name })));
      })
      .addCase(postsReceived, (state, { payload }) => {
        usersAdapter.upsertMany(state, known(payload.map((p) => ({ id: p.userId, full_name: p.user_name }))));
      })
      .addCase(commentsReceived, (state, { payload }) => {
        usersAdapter.upsertMany(state, known(payload.map((c) => ({ id: c.userId, full_name: c.user_name }))));
      })
      .addCase(searchPeople.fulfilled, (state, { payload }) => {
        usersAdapter.upsertMany(state, known(payload.results));
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

const selectors = usersAdapter.getSelectors((state: { users: typeof initialState }) => state.users);
export const selectUserEntities = selectors.selectEntities;

/** A display name, never empty: unknown users still get a readable label. */
export function displayName(users: Record<number, KnownUser | undefined>, id: number): string {
  return users[id]?.full_name ?? `User ${id}`;
}
