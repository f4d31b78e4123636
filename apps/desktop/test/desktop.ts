/**
 * One desktop instance for a test: the real core (cache worker, socket, sync) on its
 * own data directory, driven through the same validated bridge dispatch the app uses,
 * with every OS alert and connection state recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeCallName, BridgeRequest, BridgeResponses } from '../src/common/bridge.js';
import type { ConnectionState } from '../src/common/views.js';
import type { OsAlert } from '../src/node/alerts/policy.js';
import { createCore, type Core, type CoreOptions } from '../src/node/app/core.js';
import { dispatch } from '../src/node/bridge/dispatch.js';
import { FileSecretStore } from '../src/node/session/secretStore.js';

export interface TestDesktop {
  core: Core;
  dataDir: string;
  alerts: OsAlert[];
  states: { at: number; state: ConnectionState }[];
  call<K extends BridgeCallName>(name: K, request: BridgeRequest<K>): Promise<BridgeResponses[K]>;
  close(): Promise<void>;
  /** Closes and deletes the data directory. */
  dispose(): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'parley-desk-'));
}

export async function openDesktop(options: { dataDir?: string; serverUrl?: string; socket?: CoreOptions['socket'] } = {}): Promise<TestDesktop> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const core = await createCore({
    dataDir,
    secrets: new FileSecretStore(join(dataDir, 'token')),
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
    ...(options.socket ? { socket: options.socket } : {}),
  });
  const alerts: OsAlert[] = [];
  const states: { at: number; state: ConnectionState }[] = [{ at: Date.now(), state: core.ctx.socket.state }];
  core.shell.on('alert', (a) => alerts.push(a));
  core.events.on('connection.changed', (state) => states.push({ at: Date.now(), state }));
  let closed = false;
  const desktop: TestDesktop = {
    core,
    dataDir,
    alerts,
    states,
    async call(name, request) {
      const result = await dispatch(core.handlers, name, request);
      if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.code} ${result.error.message}`), { code: result.error.code });
      return result.value as BridgeResponses[typeof name];
    },
    async close() {
      if (closed) return;
      closed = true;
      await core.close();
    },
    async dispose() {
      await desktop.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return desktop;
}
