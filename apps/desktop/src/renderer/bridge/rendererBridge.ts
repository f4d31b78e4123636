/**
 * The renderer's view of the bridge: the contract's `ParleyBridge` plus one carrier fact,
 * "the carrier came back after a loss", so the app can reload its snapshot. Under
 * Electron the carrier (IPC) never drops; over the web host's WebSocket it can.
 */
import type {
  BridgeCallName,
  BridgeRequest,
  BridgeResponses,
  ParleyBridge,
} from '../../common/bridge.js';

export interface RendererBridge extends ParleyBridge {
  /** Called after the carrier reconnected; returns an unsubscribe function. */
  onReopen(listener: () => void): () => void;
}

/** A failed bridge call, carrying main's error code (`unauthorized`, `conflict`, …). */
export class BridgeCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeCallError';
  }
}

/** Calls `name` and unwraps `{ok, value}`; a failure becomes a thrown BridgeCallError. */
export async function invoke<K extends BridgeCallName>(
  bridge: ParleyBridge,
  name: K,
  request: BridgeRequest<K>,
): Promise<BridgeResponses[K]> {
  const result = await bridge.call(name, request);
  if (result.ok) return result.value;
  throw new BridgeCallError(result.error.code, result.error.message);
}

/** A human sentence for any error a call may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return 'Something went wrong';
}
