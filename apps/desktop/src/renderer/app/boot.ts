import { invoke } from '../bridge/rendererBridge.js';
import { snapshotLoaded } from './events.js';
import { createAppThunk } from './hooks.js';

/**
 * Paints from main's cache: everything the first frame needs, with or without a server.
 * Dispatched at start, after sign-in/out and when the web host's socket comes back.
 */
export const loadSnapshot = createAppThunk('app/loadSnapshot', async (_: void, { dispatch, extra }) => {
  const snapshot = await invoke(extra.bridge, 'app.snapshot', {});
  dispatch(snapshotLoaded(snapshot));
  return null;
});
