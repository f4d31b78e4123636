/**
 * The preload as it ships: bundled to CommonJS by esbuild exactly as build:main does,
 * then evaluated in a fresh V8 context whose `require` offers only `electron` (as a
 * sandboxed preload's does), with contextBridge/ipcRenderer recording what the bundle
 * asks of them — Electron itself cannot run here.
 */
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, expect, it } from 'vitest';
import { BRIDGE_CALL_NAMES, BRIDGE_EVENT_NAMES, type ParleyBridge } from '../src/common/bridge.js';

const invoked: { channel: string; request: unknown }[] = [];
const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
const exposed: Record<string, unknown> = {};
const required: string[] = [];

beforeAll(async () => {
  const out = await build({
    entryPoints: [new URL('../src/preload/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    external: ['electron'],
    write: false,
  });
  const code = out.outputFiles[0]?.text ?? '';
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, request: unknown) => {
        invoked.push({ channel, request });
        return { ok: true, value: channel };
      },
      on: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
      removeListener: (channel: string, fn: (event: unknown, payload: unknown) => void) => listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn)),
    },
  };
  const module = { exports: {} };
  runInNewContext(code, {
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
  });
});

it('exposes only window.parley, requiring nothing but electron', () => {
  expect(Object.keys(exposed)).toEqual(['parley']);
  expect(new Set(required)).toEqual(new Set(['electron']));
  expect(Object.keys(exposed.parley as object).sort()).toEqual(['call', 'on']);
});

it('maps every contract call to parley:<call> and refuses others', async () => {
  const parley = exposed.parley as ParleyBridge;
  for (const name of BRIDGE_CALL_NAMES) await parley.call(name, {} as never);
  expect(invoked.map((i) => i.channel)).toEqual(BRIDGE_CALL_NAMES.map((n) => `parley:${n}`));
  const refused = await parley.call('app.evil' as never, {} as never);
  expect(refused).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
  expect(invoked).toHaveLength(BRIDGE_CALL_NAMES.length);
});

it('delivers events by name without the IPC event object, and unsubscribes', () => {
  const parley = exposed.parley as ParleyBridge;
  const got: unknown[] = [];
  const off = parley.on('navigate', (payload) => got.push(payload));
  for (const fn of listeners.get('parley:event.navigate') ?? []) fn({ sender: 'secret' }, { kind: 'people' });
  expect(got).toEqual([{ kind: 'people' }]);
  off();
  expect(listeners.get('parley:event.navigate')).toEqual([]);
  expect(() => parley.on('parley:anything' as never, () => undefined)).toThrow(/unknown event/);
  expect(BRIDGE_EVENT_NAMES).toContain('navigate');
});
