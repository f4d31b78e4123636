import { createContext, useContext, type ReactNode } from 'react';
import type { RendererBridge } from './rendererBridge.js';

const BridgeContext = createContext<RendererBridge | null>(null);

/** Gives components and the seed hooks the same bridge the store's thunks use. */
export function BridgeProvider({ bridge, children }: { bridge: RendererBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): RendererBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge() outside <BridgeProvider>');
  return bridge;
}
