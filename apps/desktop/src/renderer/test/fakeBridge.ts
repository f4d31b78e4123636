/**
 * A scripted bridge for tests: records every call, answers from per-call handlers, and
 * lets a test push events as main would. Unscripted calls answer `{ok:false}` so a test
 * that forgot to script one fails loudly instead of passing on a default.
 */
import type {
  BridgeCallName,
  BridgeEventName,
  BridgeEvents,
  BridgeRequest,
  BridgeResponses,
  BridgeResult,
} from '../../common/bridge.js';
import { DEFAULT_SETTINGS, type Snapshot } from '../../common/views.js';
import type { RendererBridge } from '../bridge/rendererBridge.js';

type Handler<K extends BridgeCallName> = (request: BridgeRequest<K>) => BridgeResponses[K] | Promise<BridgeResponses[K]>;

export interface FakeBridge extends RendererBridge {
  calls: { name: BridgeCallName; request: unknown }[];
  handle<K extends BridgeCallName>(name: K, handler: Handler<K>): void;
  fail(name: BridgeCallName, code: string, message: string): void;
  emit<E extends BridgeEventName>(event: E, payload: BridgeEvents[E]): void;
  reopen(): void;
  listenerCount(event: BridgeEventName): number;
  callsOf(name: BridgeCallName): unknown[];
}

export function createFakeBridge(): FakeBridge {
  const handlers = new Map<BridgeCallName, (request: unknown) => unknown>();
  const failures = new Map<BridgeCallName, { code: string; message: string }>();
  const listeners = new Map<BridgeEventName, Set<(payload: unknown) => void>>();
  const reopenListeners = new Set<() => void>();
  const calls: { name: BridgeCallName; request: unknown }[] = [];
  return {
    calls,
    async call<K extends BridgeCallName>(name: K, request: BridgeRequest<K>): Promise<BridgeResult<BridgeResponses[K]>> {
      calls.push({ name, request });
      const failure = failures.get(name);
      if (failure) return { ok: false, error: failure };
      const handler = handlers.get(name);
      if (!handler) return { ok: false, error: { code: 'unscripted', message: `no fake answer for ${name}` } };
      return { ok: true, value: (await handler(request)) as BridgeResponses[K] };
    },
    on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    onReopen(listener) {
      reopenListeners.add(listener);
      return () => reopenListeners.delete(listener);
    },
    handle(name, handler) {
      failures.delete(name);
      handlers.set(name, handler as (request: unknown) => unknown);
    },
    fail(name, code, message) {
      failures.set(name, { code, message });
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    reopen() {
      for (const listener of reopenListeners) listener();
    },
    listenerCount(event) {
      return listeners.get(event)?.size ?? 0;
    },
    callsOf(name) {
      return calls.filter((c) => c.name === name).map((c) => c.request);
    },
  };
}

export { DEFAULT_SETTINGS };

/** A signed-in snapshot for user 1 (Ada) with nothing else, to extend per test. */
export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    session: { user: { id: 1, full_name: 'Ada Lovelace', email: 'ada@example.com' }, serverUrl: 'http://127.0.0.1:4000' },
    connection: { state: 'online' },
    chats: [],
    contacts: [],
    requests: [],
    posts: [],
    notifications: [],
    settings: DEFAULT_SETTINGS,
    users: [],
    ...overrides,
  };
}
