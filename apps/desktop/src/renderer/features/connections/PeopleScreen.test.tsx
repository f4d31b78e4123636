// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { contactsReceived, requestsReceived } from '../../app/events.js';
import { contact } from '../../test/builders.js';
import { createFakeBridge } from '../../test/fakeBridge.js';
import { renderWithStore } from '../../test/renderWithStore.js';
import { selectBlocked, selectContacts, selectRequests } from './connectionsSlice.js';
import { PeopleScreen } from './PeopleScreen.js';

afterEach(cleanup);

const mal = { user: { id: 9, full_name: 'Mal' }, blocked_at: '2026-01-01T00:00:00.000Z' };

function setup() {
  const bridge = createFakeBridge();
  bridge.handle('blocks.list', () => []);
  bridge.handle('connections.decline', () => null);
  bridge.handle('connections.remove', () => null);
  bridge.handle('blocks.block', ({ userId }) => ({ user: { id: userId, full_name: userId === 9 ? 'Mal' : 'Cy' }, blocked_at: '2026-01-01T00:00:00.000Z' }));
  bridge.handle('blocks.unblock', () => null);
  const view = renderWithStore(<PeopleScreen />, { bridge });
  act(() => {
    view.store.dispatch(requestsReceived([{ request_id: 7, from_user_id: 9, from_user_name: 'Mal' }, { request_id: 8, from_user_id: 3, from_user_name: 'Cy' }]));
    view.store.dispatch(contactsReceived([contact({ id: 2, full_name: 'Amy' }), contact({ id: 4, full_name: 'Bob' })]));
  });
  return view;
}

describe('People screen: decline, remove, block', () => {
  it('declines a request through main and drops it from the list', async () => {
    const { bridge, store } = setup();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Decline Cy' })));
    expect(bridge.callsOf('connections.decline')).toEqual([{ requestId: 8 }]);
    expect(selectRequests(store.getState()).map((r) => r.request_id)).toEqual([7]);
  });

  it('removes a contact only after the confirming second click', async () => {
    const { bridge, store } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Amy' }));
    expect(bridge.callsOf('connections.remove')).toEqual([]);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Confirm remove: Remove Amy' })));
    expect(bridge.callsOf('connections.remove')).toEqual([{ connectionId: 20 }]);
    expect(selectContacts(store.getState()).map((c) => c.id)).toEqual([4]);
  });

  it('blocks the sender of a request, lists them as blocked, and unblocks', async () => {
    const { bridge, store } = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Block Mal' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Confirm block: Block Mal' })));
    expect(bridge.callsOf('blocks.block')).toEqual([{ userId: 9 }]);
    expect(selectRequests(store.getState()).map((r) => r.request_id)).toEqual([8]);
    expect(selectBlocked(store.getState())).toEqual([mal]);
    const list = screen.getByTestId('blocked-list');
    expect(within(list).getByText('Mal')).toBeTruthy();
    await act(async () => fireEvent.click(within(list).getByRole('button', { name: 'Unblock Mal' })));
    expect(bridge.callsOf('blocks.unblock')).toEqual([{ userId: 9 }]);
    expect(screen.queryByTestId('blocked-list')).toBeNull();
  });

  it('shows why an action failed', async () => {
    const { bridge } = setup();
    bridge.fail('blocks.block', 'offline', 'Not connected; try again when online.');
    fireEvent.click(screen.getByRole('button', { name: 'Block Bob' }));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Confirm block: Block Bob' })));
    expect(screen.getByRole('alert').textContent).toContain('Not connected');
  });
});
