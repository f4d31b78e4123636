/**
 * The bridge contract over a loopback WebSocket to `web-host/`, for runs in a plain
 * browser (webBridgeWire.ts is the wire format). Calls made while the socket is down
 * are queued; calls in flight when it drops fail with `bridge_unavailable` (main may or
 * may not have run them, so retrying is the caller's decision). It reconnects with a
 * capped backoff and then replays `socket.subscribe` calls so the seed hooks keep working.
 */
import type {
  BridgeCallName,
  BridgeEventName,
  BridgeEvents,
  BridgeRequest,
  BridgeResponses,
  BridgeResult,
} from '../../common/bridge.js';
import { decodeWire, encodeWire, type WebBridgeHostMessage } from '../../common/webBridgeWire.js';
import type { RendererBridge } from './rendererBridge.js';

type AnyListener = (payload: unknown) => void;

export interface WebSocketBridgeOptions {
  url: string;
  /** Injected in tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => WebSocket;
  /** A call with no answer after this long fails with `timeout` (uploads can be slow). */
  callTimeoutMs?: number;
}

/** Reconnect delays: quick at first (a host restart takes a second), then every 5 s. */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 5000];
/** Give up after about an hour of a dead host; the page must be reloaded then. */
const MAX_RECONNECT_ATTEMPTS = 720;

export function createWebSocketBridge(options: WebSocketBridgeOptions): RendererBridge & { close(): void } {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const callTimeoutMs = options.callTimeoutMs ?? 120_000;
  const listeners = new Map<BridgeEventName, Set<AnyListener>>();
  const reopenListeners = new Set<() => void>();
  const pending = new Map<number, { resolve: (r: BridgeResult<unknown>) => void; timer: ReturnType<typeof setTimeout> }>();
  const queue: string[] = [];
  const subscribedChannels = new Set<string>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let attempts = 0;
  let everOpened = false;
  let closedByUser = false;

  function settle(id: number, result: BridgeResult<unknown>): void {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  function failInFlight(): void {
    for (const id of [...pending.keys()]) {
      settle(id, { ok: false, error: { code: 'bridge_unavailable', message: 'Lost contact with the Parley app host' } });
    }
  }

  function onHostMessage(text: string): void {
    let message: WebBridgeHostMessage;
    try {
      message = decodeWire<WebBridgeHostMessage>(text);
    } catch {
      return; // A garbled frame from the host is not something the UI can act on.
    }
    if (message.kind === 'result') settle(message.id, message.result);
    else for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
  }

  function connect(): void {
    const ws = createSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      attempts = 0;
      const reopened = everOpened;
      everOpened = true;
      for (const text of queue.splice(0)) ws.send(text);
      if (reopened) {
        for (const channel of subscribedChannels) void call('socket.subscribe', { channel });
        for (const listener of reopenListeners) listener();
      }
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') onHostMessage(event.data);
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      failInFlight();
      if (closedByUser || attempts >= MAX_RECONNECT_ATTEMPTS) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(attempts, RECONNECT_DELAYS_MS.length - 1)] ?? 5000;
      attempts += 1;
      setTimeout(connect, delay);
    };
  }

  function call<K extends BridgeCallName>(name: K, request: BridgeRequest<K>): Promise<BridgeResult<BridgeResponses[K]>> {
    if (name === 'socket.subscribe') subscribedChannels.add((request as BridgeRequest<'socket.subscribe'>).channel);
    const id = nextId++;
    const text = encodeWire({ kind: 'call', id, name, request });
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => settle(id, { ok: false, error: { code: 'timeout', message: `${name} took too long` } }),
        callTimeoutMs,
      );
      pending.set(id, { resolve: resolve as (r: BridgeResult<unknown>) => void, timer });
      if (socket && socket.readyState === 1) socket.send(text);
      else queue.push(text);
    });
  }

  connect();

  return {
    call,
    on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      set.add(listener as AnyListener);
      return () => set.delete(listener as AnyListener);
    },
    onReopen(listener) {
      reopenListeners.add(listener);
      return () => reopenListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      socket?.close();
      failInFlight();
    },
  };
}
