/** Contacts (accepted connections), requests addressed to me, people search, and blocks. */
import { createEntityAdapter, createSelector, createSlice, isPending, isRejected } from '@reduxjs/toolkit';
import type { BlockedUser, User } from '@parley/protocol';
import type { ConnectionRequestView, ContactView } from '../../../common/views.js';
import { contactsReceived, isSignedOut, requestsReceived, snapshotLoaded } from '../../app/events.js';
import { createAppThunk } from '../../app/hooks.js';
import { errorMessage, invoke } from '../../bridge/rendererBridge.js';

/** Online state lives in the presence slice; a contact here is who they are to me. */
export type Contact = Omit<ContactView, 'online'>;

const contactsAdapter = createEntityAdapter<Contact>({
  sortComparer: (a, b) => a.full_name.localeCompare(b.full_name),
});

export interface ConnectionsState {
  contacts: ReturnType<typeof contactsAdapter.getInitialState>;
  requests: ConnectionRequestView[];
  search: { query: string; results: User[]; pending: boolean; error: string | null };
  /** Users I asked to connect with in this session, so the button says "Requested". */
  requestedUserIds: number[];
  /** Requests being accepted right now, so a double click does not send twice. */
  acceptingIds: number[];
  /** People I blocked (from the server; null until first loaded). */
  blocked: BlockedUser[] | null;
  /** The last block, unblock, decline or remove that failed, for the People screen to show. */
  actionError: string | null;
}

const initialState: ConnectionsState = {
  contacts: contactsAdapter.getInitialState(),
  requests: [],
  search: { query: '', results: [], pending: false, error: null },
  requestedUserIds: [],
  acceptingIds: [],
  blocked: null,
  actionError: null,
};

function withoutOnline(contacts: ContactView[]): Contact[] {
  return contacts.map(({ online: _online, ...contact }) => contact);
}

export const searchPeople = createAppThunk('connections/searchPeople', async (query: string, { extra }) => {
  const results = await invoke(extra.bridge, 'users.search', { q: query.trim().slice(0, 100) });
  return { query, results };
});

export const requestConnection = createAppThunk('connections/requestConnection', async (toUserId: number, { extra }) => {
  await invoke(extra.bridge, 'connections.request', { toUserId });
  return toUserId;
});

export const acceptRequest = createAppThunk('connections/acceptRequest', async (requestId: number, { extra }) => {
  await invoke(extra.bridge, 'connections.accept', { requestId });
  return requestId;
});

export const declineRequest = createAppThunk('connections/declineRequest', async (requestId: number, { extra }) => {
  await invoke(extra.bridge, 'connections.decline', { requestId });
  return requestId;
});

/** Ends an accepted connection; the contact list updates from main's `contacts.changed`. */
export const removeConnection = createAppThunk('connections/removeConnection', async (contact: { connectionId: number; userId: number }, { extra }) => {
  await invoke(extra.bridge, 'connections.remove', { connectionId: contact.connectionId });
  return contact;
});

export const loadBlocks = createAppThunk('connections/loadBlocks', async (_: void, { extra }) => invoke(extra.bridge, 'blocks.list', {}));

export const blockUser = createAppThunk('connections/blockUser', async (userId: number, { extra }) => invoke(extra.bridge, 'blocks.block', { userId }));

export const unblockUser = createAppThunk('connections/unblockUser', async (userId: number, { extra }) => {
  await invoke(extra.bridge, 'blocks.unblock', { userId });
  return userId;
});

export const setStarred = createAppThunk(
  'connections/setStarred',
  async (args: { userId: number; starred: boolean }, { extra }) => {
    await invoke(extra.bridge, 'users.setStarred', args);
    return args;
  },
);

export const connectionsSlice = createSlice({
  name: 'connections',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        contactsAdapter.setAll(state.contacts, withoutOnline(payload.contacts));
        state.requests = payload.requests;
      })
      .addCase(contactsReceived, (state, { payload }) => {
        // Someone who stopped being a contact (removed, or a block) can be asked again:
        // an old "Requested" from this session no longer applies to them.
        const now = new Set(payload.map((c) => c.id));
        const ended = new Set(state.contacts.ids.map(Number).filter((id) => !now.has(id)));
        state.requestedUserIds = state.requestedUserIds.filter((id) => !ended.has(id));
        contactsAdapter.setAll(state.contacts, withoutOnline(payload));
      })
      .addCase(requestsReceived, (state, { payload }) => {
        state.requests = payload;
      })
      .addCase(searchPeople.pending, (state, { meta }) => {
        state.search.query = meta.arg;
        state.search.pending = true;
        state.search.error = null;
      })
      .addCase(searchPeople.fulfilled, (state, { payload }) => {
        // Answers can arrive out of order while typing; keep only the latest query's.
        if (payload.query !== state.search.query) return;
        state.search.results = payload.results;
        state.search.pending = false;
      })
      .addCase(searchPeople.rejected, (state, { error, meta }) => {
        if (meta.arg !== state.search.query) return;
        state.search.pending = false;
        state.search.error = errorMessage(error);
      })
      .addCase(requestConnection.fulfilled, (state, { payload }) => {
        if (!state.requestedUserIds.includes(payload)) state.requestedUserIds.push(payload);
      })
      .addCase(acceptRequest.pending, (state, { meta }) => {
        state.acceptingIds.push(meta.arg);
      })
      .addCase(acceptRequest.fulfilled, (state, { payload }) => {
        state.acceptingIds = state.acceptingIds.filter((id) => id !== payload);
        state.requests = state.requests.filter((r) => r.request_id !== payload);
      })
      .addCase(acceptRequest.rejected, (state, { meta }) => {
        state.acceptingIds = state.acceptingIds.filter((id) => id !== meta.arg);
      })
      .addCase(declineRequest.fulfilled, (state, { payload }) => {
        state.requests = state.requests.filter((r) => r.request_id !== payload);
      })
      .addCase(removeConnection.fulfilled, (state, { payload }) => {
        contactsAdapter.removeOne(state.contacts, payload.userId);
      })
      .addCase(loadBlocks.fulfilled, (state, { payload }) => {
        state.blocked = payload;
      })
      .addCase(blockUser.fulfilled, (state, { payload }) => {
        state.blocked = [...(state.blocked ?? []).filter((b) => b.user.id !== payload.user.id), payload];
        contactsAdapter.removeOne(state.contacts, payload.user.id);
        state.requests = state.requests.filter((r) => r.from_user_id !== payload.user.id);
        state.requestedUserIds = state.requestedUserIds.filter((id) => id !== payload.user.id);
      })
      .addCase(unblockUser.fulfilled, (state, { payload }) => {
        state.blocked = (state.blocked ?? []).filter((b) => b.user.id !== payload);
      })
      .addCase(setStarred.pending, (state, { meta }) => {
        const contact = state.contacts.entities[meta.arg.userId];
        if (contact) contact.starred = meta.arg.starred;
      })
      .addCase(setStarred.rejected, (state, { meta }) => {
        const contact = state.contacts.entities[meta.arg.userId];
        if (contact) contact.starred = !meta.arg.starred;
      })
      .addMatcher(isPending(declineRequest, removeConnection, blockUser, unblockUser), (state) => {
        state.actionError = null;
      })
      .addMatcher(isRejected(requestConnection, declineRequest, removeConnection, blockUser, unblockUser), (state, { error }) => {
        state.actionError = errorMessage(error);
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

type S = { connections: ConnectionsState };
const contactSelectors = contactsAdapter.getSelectors((state: S) => state.connections.contacts);
export const selectContacts = contactSelectors.selectAll;
export const selectContactById = contactSelectors.selectById;
export const selectRequests = (state: S) => state.connections.requests;
export const selectSearch = (state: S) => state.connections.search;
export const selectBlocked = (state: S) => state.connections.blocked;
export const selectConnectionsError = (state: S) => state.connections.actionError;
export const selectBlockedIds = createSelector(selectBlocked, (blocked) => new Set((blocked ?? []).map((b) => b.user.id)));
export const selectContactIds = createSelector(contactSelectors.selectIds, (ids) => new Set(ids.map(Number)));
export const selectRequestedUserIds = createSelector(
  (state: S) => state.connections.requestedUserIds,
  (ids) => new Set(ids),
);
