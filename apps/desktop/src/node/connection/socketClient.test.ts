import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../common/views.js';
import { FakeClock } from '../../../test/fakeClock.js';
import { SocketClient } from './socketClient.js';

/** A loopback port with nothing listening: every dial fails at once (ECONNREFUSED). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function client(port: number, clock: FakeClock) {
  const states: ConnectionState[] = [];
  const socket = new SocketClient({ serverUrl: () => `http://127.0.0.1:${port}`, token: () => 't', clock, random: () => 0.5 });
  socket.on('state', (s) => states.push(s));
  /** Waits (real time, bounded) for the dial in flight to fail and the next state to land. */
  const settle = async (count: number) => {
    for (let i = 0; i < 200 && states.length < count; i++) await new Promise((r) => setTimeout(r, 5));
    expect(states.length).toBeGreaterThanOrEqual(count);
  };
  return { socket, states, settle };
}

describe('SocketClient reconnect schedule (fake clock, refused dials)', () => {
  it('backs off 1-2-4-8-16 s, then stays offline retrying every 60 s', async () => {
    const clock = new FakeClock();
    const { socket, states, settle } = client(await closedPort(), clock);
    socket.start();
    const delays = [1000, 2000, 4000, 8000, 16000];
    let expected = 2;
    await settle(expected); // connecting(1), reconnecting(1)
    for (const [i, delay] of delays.entries()) {
      const s = states.at(-1) as ConnectionState;
      expect(s).toEqual({ state: 'reconnecting', attempt: i + 1, nextRetryAt: clock.now() + delay });
      clock.advance(delay - 1);
      expect(states).toHaveLength(expected); // not a millisecond early
      clock.advance(1);
      expected += 2;
      await settle(expected); // connecting(i+2), then the next wait
      expect(states.at(-2)).toEqual({ state: 'connecting', attempt: i + 2 });
    }
    expect(states.at(-1)).toEqual({ state: 'offline', nextRetryAt: clock.now() + 60_000 });
    clock.advance(60_000);
    expected += 2;
    await settle(expected);
    expect(states.at(-1)).toEqual({ state: 'offline', nextRetryAt: clock.now() + 60_000 });

    // The Retry button dials now; a failure keeps the offline cadence.
    socket.retryNow();
    expected += 2;
    await settle(expected);
    expect(states.at(-2)).toMatchObject({ state: 'connecting' });
    expect(states.at(-1)).toEqual({ state: 'offline', nextRetryAt: clock.now() + 60_000 });

    // Network back: a fresh backoff from 1 s.
    socket.networkUp();
    expected += 2;
    await settle(expected);
    expect(states.at(-1)).toEqual({ state: 'reconnecting', attempt: 1, nextRetryAt: clock.now() + 1000 });
    socket.stop();
    expect(states.at(-1)).toEqual({ state: 'signed_out' });
    expect(clock.timerCount).toBe(0);
  });
});
