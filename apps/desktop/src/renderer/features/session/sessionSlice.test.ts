import { describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../app/boot.js';
import { sessionChanged, sessionEnded } from '../../app/events.js';
import { makeStore } from '../../app/store.js';
import { createFakeBridge, snapshot } from '../../test/fakeBridge.js';
import { selectMyId, signOut, submitAuth } from './sessionSlice.js';

const form = { mode: 'login' as const, serverUrl: ' http://127.0.0.1:4000 ', email: ' ada@example.com ', password: 'pw', fullName: '' };

describe('sessionSlice', () => {
  it('is not bootstrapped until the first snapshot, then knows the default server', async () => {
    const bridge = createFakeBridge();
    bridge.handle('app.snapshot', () => ({ ...snapshot({ session: null }), defaultServerUrl: 'http://127.0.0.1:4000' }));
    const store = makeStore(bridge);
    expect(store.getState().session.bootstrapped).toBe(false);
    await store.dispatch(loadSnapshot());
    expect(store.getState().session).toMatchObject({ bootstrapped: true, session: null, defaultServerUrl: 'http://127.0.0.1:4000' });
  });

  it('reports why the first snapshot failed', async () => {
    const bridge = createFakeBridge();
    bridge.fail('app.snapshot', 'bridge_unavailable', 'Lost contact');
    const store = makeStore(bridge);
    await store.dispatch(loadSnapshot());
    expect(store.getState().session.bootError).toBe('Lost contact');
  });

  it('signs in through session.login, then repaints from a fresh snapshot', async () => {
    const bridge = createFakeBridge();
    const signedIn = snapshot();
    bridge.handle('session.login', () => signedIn.session!);
    bridge.handle('app.snapshot', () => signedIn);
    const store = makeStore(bridge);
    await store.dispatch(submitAuth(form));
    expect(bridge.calls.map((c) => c.name)).toEqual(['session.login', 'app.snapshot']);
    expect(bridge.callsOf('session.login')).toEqual([{ serverUrl: 'http://127.0.0.1:4000', email: 'ada@example.com', password: 'pw' }]);
    expect(selectMyId(store.getState())).toBe(1);
  });

  it('registers with the full name and shows main’s error when it fails', async () => {
    const bridge = createFakeBridge();
    bridge.fail('session.register', 'conflict', 'That email is already registered');
    const store = makeStore(bridge);
    await store.dispatch(submitAuth({ ...form, mode: 'register', serverUrl: '', fullName: ' Ada ' }));
    expect(bridge.callsOf('session.register')).toEqual([{ serverUrl: undefined, email: 'ada@example.com', password: 'pw', full_name: 'Ada' }]);
    expect(store.getState().session).toMatchObject({ authPending: false, authError: 'That email is already registered', session: null });
  });

  it('signs out', async () => {
    const bridge = createFakeBridge();
    bridge.handle('session.logout', () => null);
    bridge.handle('app.snapshot', () => snapshot({ session: null }));
    const store = makeStore(bridge, { session: { ...makeStore(bridge).getState().session, session: snapshot().session } });
    await store.dispatch(signOut());
    expect(selectMyId(store.getState())).toBeNull();
  });

  it('keeps why the server ended the session until the next sign-in attempt', async () => {
    const bridge = createFakeBridge();
    bridge.fail('session.login', 'unauthorized', 'invalid email or password');
    const store = makeStore(bridge, { session: { ...makeStore(bridge).getState().session, session: snapshot().session } });
    store.dispatch(sessionEnded({ reason: 'deactivated', message: 'Your account has been deactivated by an administrator.' }));
    store.dispatch(sessionChanged(null));
    expect(store.getState().session.endedMessage).toBe('Your account has been deactivated by an administrator.');
    await store.dispatch(submitAuth(form));
    expect(store.getState().session).toMatchObject({ endedMessage: null, authError: 'invalid email or password' });
  });
});
