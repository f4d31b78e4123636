/** Contacts (accepted connections), requests addressed to me, and people search. */
import { createEntityAdapter, createSelector, createSlice } from '@reduxjs/toolkit';
import type { User } from '@parley/protocol';
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
}

const initialState: ConnectionsState = {
  contacts: contactsAdapter.getInitialState(),
  requests: [],
  search: { query: '', results: [], pending: false, error: null },
  requestedUserIds: [],
  acceptingIds: [],
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
      .addCase(setStarred.pending, (state, { meta }) => {
        const contact = state.contacts.entities[meta.arg.userId];
        if (contact) contact.starred = meta.arg.starred;
      })
      .addCase(setStarred.rejected, (state, { meta }) => {
        const contact = state.contacts.entities[meta.arg.userId];
        if (contact) contact.starred = !meta.arg.starred;
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
export const selectContactIds = createSelector(contactSelectors.selectIds, (ids) => new Set(ids.map(Number)));
export const selectRequestedUserIds = createSelector(
  (state: S) => state.connections.requestedUserIds,
  (ids) => new Set(ids),
);
