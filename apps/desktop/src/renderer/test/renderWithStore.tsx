/** Renders UI with the real store (makeStore) and a fake bridge, as the app does. */
import type { ReactNode } from 'react';
import { Provider } from 'react-redux';
import { render } from '@testing-library/react';
import { makeStore, type RootState } from '../app/store.js';
import { BridgeProvider } from '../bridge/BridgeProvider.js';
import { createFakeBridge, type FakeBridge } from './fakeBridge.js';

export function renderWithStore(ui: ReactNode, options: { bridge?: FakeBridge; preloadedState?: Partial<RootState> } = {}) {
  const bridge = options.bridge ?? createFakeBridge();
  const store = makeStore(bridge, options.preloadedState);
  const wrap = (node: ReactNode) => (
    <Provider store={store}>
      <BridgeProvider bridge={bridge}>{node}</BridgeProvider>
    </Provider>
  );
  const result = render(wrap(ui));
  return { ...result, store, bridge, rerenderUi: (node: ReactNode) => result.rerender(wrap(node)) };
}
