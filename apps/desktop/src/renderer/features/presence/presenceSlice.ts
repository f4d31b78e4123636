/**
 * Who among my contacts is online. Main derives it from the `online` channel and pushes
 * it with the contact list; this slice is the one source for online dots.
 */
import { createSelector, createSlice } from '@reduxjs/toolkit';
import type { ContactView } from '../../../common/views.js';
import { contactsReceived, isSignedOut, snapshotLoaded } from '../../app/events.js';
import { selectContacts, type Contact } from '../connections/connectionsSlice.js';
import type { ConnectionsState } from '../connections/connectionsSlice.js';

export interface PresenceState {
  onlineIds: number[];
}

const initialState: PresenceState = { onlineIds: [] };

function onlineOf(contacts: ContactView[]): number[] {
  return contacts.filter((c) => c.online).map((c) => c.id);
}

export const presenceSlice = createSlice({
  name: 'presence',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.onlineIds = onlineOf(payload.contacts);
      })
      .addCase(contactsReceived, (state, { payload }) => {
        state.onlineIds = onlineOf(payload);
      })
      .addMatcher(isSignedOut, () => initialState);
  },
});

type S = { presence: PresenceState; connections: ConnectionsState };
export const selectOnlineIds = createSelector((state: S) => state.presence.onlineIds, (ids) => new Set(ids));

/** Contacts split for the presence list: online first (starred first among them). */
export const selectContactsByPresence = createSelector([selectContacts, selectOnlineIds], (contacts, online) => {
  const byStarThenName = (a: Contact, b: Contact) => Number(b.starred) - Number(a.starred) || a.full_name.localeCompare(b.full_name);
  return {
    online: contacts.filter((c) => online.has(c.id)).sort(byStarThenName),
    offline: contacts.filter((c) => !online.has(c.id)).sort(byStarThenName),
  };
});
