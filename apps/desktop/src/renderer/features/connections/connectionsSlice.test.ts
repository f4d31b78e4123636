import { describe, expect, it } from 'vitest';
import { contactsReceived, requestsReceived } from '../../app/events.js';
import { makeStore } from '../../app/store.js';
import { contact } from '../../test/builders.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { selectContactsByPresence, selectOnlineIds } from '../presence/presenceSlice.js';
import { acceptRequest, requestConnection, searchPeople, selectContacts, selectRequestedUserIds, selectRequests, selectSearch, setStarred } from './connectionsSlice.js';

describe('connectionsSlice and presence', () => {
  it('keeps contacts by name and presence in its own slice, online and starred first', () => {
    const store = makeStore(createFakeBridge());
    store.dispatch(
      contactsReceived([
        contact({ id: 3, full_name: 'Zed', online: true }),
        contact({ id: 2, full_name: 'Amy', online: true }),
        contact({ id: 4, full_name: 'Bob', online: true, starred: true }),
        contact({ id: 5, full_name: 'Cy' }),
      ]),
    );
    expect(selectContacts(store.getState()).map((c) => c.full_name)).toEqual(['Amy', 'Bob', 'Cy', 'Zed']);
    expect([...selectOnlineIds(store.getState())].sort()).toEqual([2, 3, 4]);
    const { online, offline } = selectContactsByPresence(store.getState());
    expect(online.map((c) => c.id)).toEqual([4, 2, 3]);
    expect(offline.map((c) => c.id)).toEqual([5]);
    store.dispatch(contactsReceived([contact({ id: 3, full_name: 'Zed', online: false })]));
    expect(selectOnlineIds(store.getState()).has(3)).toBe(false);
  });

  it('keeps only the latest search answer when answers cross', async () => {
    const bridge = createFakeBridge();
    const resolvers: ((v: { id: number; full_name: string }[]) => void)[] = [];
    bridge.handle('users.search', () => new Promise((r) => resolvers.push(r)));
    const store = makeStore(bridge);
    const first = store.dispatch(searchPeople('a'));
    const second = store.dispatch(searchPeople('ad'));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    resolvers[1]?.([{ id: 2, full_name: 'Ada' }]);
    await second;
    resolvers[0]?.([{ id: 9, full_name: 'Al' }]);
    await first;
    expect(selectSearch(store.getState())).toMatchObject({ query: 'ad', results: [{ id: 2, full_name: 'Ada' }], pending: false });
  });

  it('requests, accepts and stars through main', async () => {
    const bridge = createFakeBridge();
    bridge.handle('connections.request', () => null);
    bridge.handle('connections.accept', () => null);
    bridge.fail('users.setStarred', 'internal', 'nope');
    const store = makeStore(bridge);
    store.dispatch(requestsReceived([{ request_id: 7, from_user_id: 3, from_user_name: 'Cy' }]));
    store.dispatch(contactsReceived([contact({ id: 2 })]));
    await store.dispatch(requestConnection(4));
    await store.dispatch(acceptRequest(7));
    await store.dispatch(setStarred({ userId: 2, starred: true }));
    expect(bridge.callsOf('connections.request')).toEqual([{ toUserId: 4 }]);
    expect(bridge.callsOf('connections.accept')).toEqual([{ requestId: 7 }]);
    expect(selectRequestedUserIds(store.getState()).has(4)).toBe(true);
    expect(selectRequests(store.getState())).toEqual([]);
    expect(selectContacts(store.getState())[0]?.starred).toBe(false); // rolled back after the failure
  });

  it('forgets "Requested" for someone who stops being a contact, so they can be asked again', async () => {
    const bridge = createFakeBridge();
    bridge.handle('connections.request', () => null);
    const store = makeStore(bridge);
    await store.dispatch(requestConnection(4));
    store.dispatch(contactsReceived([contact({ id: 4 }), contact({ id: 5 })]));
    expect(selectRequestedUserIds(store.getState()).has(4)).toBe(true);
    store.dispatch(contactsReceived([contact({ id: 5 })]));
    expect(selectRequestedUserIds(store.getState()).has(4)).toBe(false);
  });
});
