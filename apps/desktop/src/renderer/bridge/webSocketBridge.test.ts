import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeWire, encodeWire, type WebBridgeClientMessage } from '../../common/webBridgeWire.js';
import { createWebSocketBridge } from './webSocketBridge.js';

/** Just enough of a browser WebSocket to drive the client by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: WebBridgeClientMessage[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(decodeWire<WebBridgeClientMessage>(text));
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  reply(message: unknown) {
    this.onmessage?.({ data: encodeWire(message as never) });
  }
}

function setup() {
  FakeSocket.all = [];
  const bridge = createWebSocketBridge({
    url: 'ws://127.0.0.1:9/bridge',
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    callTimeoutMs: 5000,
  });
  const socket = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;
  return { bridge, socket };
}

afterEach(() => vi.useRealTimers());

describe('createWebSocketBridge', () => {
  it('queues calls until the socket opens and resolves them by id', async () => {
    const { bridge, socket } = setup();
    const result = bridge.call('users.search', { q: 'ada' });
    expect(socket().sent).toEqual([]);
    socket().open();
    expect(socket().sent).toEqual([{ kind: 'call', id: 1, name: 'users.search', request: { q: 'ada' } }]);
    socket().reply({ kind: 'result', id: 1, result: { ok: true, value: [{ id: 2, full_name: 'Ada' }] } });
    await expect(result).resolves.toEqual({ ok: true, value: [{ id: 2, full_name: 'Ada' }] });
  });

  it('carries bytes for uploads', () => {
    const { bridge, socket } = setup();
    socket().open();
    void bridge.call('upload.file', { name: 'a.png', type: 'image/png', bytes: new Uint8Array([1, 2, 255]) });
    const sent = socket().sent[0];
    expect((sent?.request as { bytes: Uint8Array }).bytes).toEqual(new Uint8Array([1, 2, 255]));
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const { bridge, socket } = setup();
    socket().open();
    const got: unknown[] = [];
    const off = bridge.on('connection.changed', (s) => got.push(s));
    socket().reply({ kind: 'event', name: 'connection.changed', payload: { state: 'online' } });
    off();
    socket().reply({ kind: 'event', name: 'connection.changed', payload: { state: 'offline', nextRetryAt: 1 } });
    expect(got).toEqual([{ state: 'online' }]);
  });

  it('fails calls in flight when the host goes away, then reconnects and replays subscriptions', async () => {
    vi.useFakeTimers();
    const { bridge, socket } = setup();
    socket().open();
    void bridge.call('socket.subscribe', { channel: 'feed' });
    const inFlight = bridge.call('feed.list', {});
    let reopened = 0;
    bridge.onReopen(() => reopened++);
    const first = socket();
    first.close();
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'bridge_unavailable' } });
    await vi.advanceTimersByTimeAsync(300);
    const second = socket();
    expect(second).not.toBe(first);
    second.open();
    expect(reopened).toBe(1);
    expect(second.sent.map((m) => [m.name, m.request])).toEqual([['socket.subscribe', { channel: 'feed' }]]);
  });

  it('answers a call that never gets a result with a timeout', async () => {
    vi.useFakeTimers();
    const { bridge, socket } = setup();
    socket().open();
    const result = bridge.call('feed.list', {});
    await vi.advanceTimersByTimeAsync(5000);
    await expect(result).resolves.toMatchObject({ ok: false, error: { code: 'timeout' } });
  });
});
