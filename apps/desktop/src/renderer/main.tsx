/** Renderer entry: pick the bridge carrier, build the store, wire pushed events, paint. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { App } from './app/App.js';
import { loadSnapshot } from './app/boot.js';
import { attachBridgeEvents } from './app/bridgeEvents.js';
import { makeStore } from './app/store.js';
import { BridgeProvider } from './bridge/BridgeProvider.js';
import { connectBridge } from './bridge/connectBridge.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/chatEvents.css';
import './styles/features.css';
import './styles/search.css';

const bridge = connectBridge();
const store = makeStore(bridge);
// Events first, then the snapshot: nothing pushed in between is lost.
attachBridgeEvents(bridge, store.dispatch);
void store.dispatch(loadSnapshot());

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <Provider store={store}>
      <BridgeProvider bridge={bridge}>
        <App />
      </BridgeProvider>
    </Provider>
  </StrictMode>,
);
