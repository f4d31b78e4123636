/**
 * Wire format of the bridge when the renderer runs in a plain browser and talks to
 * `web-host/` over a loopback WebSocket (`ws://127.0.0.1:<port>/bridge`) instead of
 * Electron IPC. Same contract (bridge.ts), different carrier.
 *
 *   renderer → host  {kind:"call", id, name, request}
 *   host → renderer  {kind:"result", id, result: BridgeResult}
 *   host → renderer  {kind:"event", name, payload}
 *
 * JSON cannot carry bytes, so Uint8Array values travel as {"$bytes": "<base64>"}.
 */
import type { BridgeCallName, BridgeEventName, BridgeResult } from './bridge.js';

export type WebBridgeClientMessage = { kind: 'call'; id: number; name: BridgeCallName; request: unknown };
export type WebBridgeHostMessage =
  | { kind: 'result'; id: number; result: BridgeResult<unknown> }
  | { kind: 'event'; name: BridgeEventName; payload: unknown };

export const WEB_BRIDGE_PATH = '/bridge';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(message: WebBridgeClientMessage | WebBridgeHostMessage): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Uint8Array ? { $bytes: toBase64(value) } : value,
  );
}

export function decodeWire<T extends WebBridgeClientMessage | WebBridgeHostMessage>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && '$bytes' in value && typeof (value as { $bytes: unknown }).$bytes === 'string') {
      return fromBase64((value as { $bytes: string }).$bytes);
    }
    return value;
  }) as T;
}
