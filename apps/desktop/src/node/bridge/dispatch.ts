/**
 * The bridge's one entry point for both hosts (Electron IPC and the web host's
 * WebSocket): validate the request with the contract's schema — the renderer is an
 * input like any other — run the handler, and turn every outcome into a BridgeResult,
 * since `ipcMain.handle` would keep only an error's message.
 */
import { BRIDGE_REQUESTS, type BridgeCallName, type BridgeHandlers, type BridgeResult } from '../../common/bridge.js';
import { ApiError } from '../session/apiClient.js';

/** An expected failure with a code the UI can act on. */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

export function isCallName(name: unknown): name is BridgeCallName {
  return typeof name === 'string' && Object.hasOwn(BRIDGE_REQUESTS, name);
}

export async function dispatch(handlers: BridgeHandlers, name: unknown, request: unknown): Promise<BridgeResult<unknown>> {
  if (!isCallName(name)) return { ok: false, error: { code: 'unknown_call', message: `unknown call ${JSON.stringify(String(name).slice(0, 64))}` } };
  const parsed = BRIDGE_REQUESTS[name].safeParse(request ?? undefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'invalid', message: `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}` } };
  }
  try {
    const handler = handlers[name] as (req: unknown) => Promise<unknown>;
    return { ok: true, value: (await handler(parsed.data)) ?? null };
  } catch (err) {
    if (err instanceof BridgeError || err instanceof ApiError) return { ok: false, error: { code: err.code, message: err.message } };
    if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') {
      return { ok: false, error: { code: (err as Error & { code: string }).code, message: err.message } };
    }
    console.error(`bridge call ${name} failed:`, err);
    return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
  }
}
