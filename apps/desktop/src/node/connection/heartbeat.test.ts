import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/fakeClock.js';
import { Heartbeat } from './heartbeat.js';

function setup() {
  const clock = new FakeClock();
  const log: string[] = [];
  const hb = new Heartbeat({
    clock,
    intervalMs: 30_000,
    timeoutMs: 10_000,
    sendPing: () => log.push(`ping@${clock.now() - 1_000_000}`),
    onDead: () => log.push(`dead@${clock.now() - 1_000_000}`),
    onAlive: () => log.push('alive'),
  });
  return { clock, log, hb };
}

describe('Heartbeat', () => {
  it('pings every 30 s while pongs come back', () => {
    const { clock, log, hb } = setup();
    hb.start();
    clock.advance(29_999);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['ping@30000']);
    clock.advance(500);
    hb.pong();
    clock.advance(30_000);
    expect(log).toEqual(['ping@30000', 'alive', 'ping@60500']);
  });

  it('declares the socket dead when the pong is 10 s late, once', () => {
    const { clock, log, hb } = setup();
    hb.start();
    clock.advance(30_000 + 10_000);
    expect(log).toEqual(['ping@30000', 'dead@40000']);
    clock.advance(120_000);
    expect(log).toHaveLength(2);
    hb.pong(); // a late pong after death changes nothing
    expect(log).toHaveLength(2);
  });

  it('probe() pings at once with its own deadline (resume from sleep)', () => {
    const { clock, log, hb } = setup();
    hb.start();
    clock.advance(5_000);
    hb.probe(3_000);
    expect(log).toEqual(['ping@5000']);
    clock.advance(3_000);
    expect(log).toEqual(['ping@5000', 'dead@8000']);
  });

  it('a probe answered in time keeps the regular schedule going', () => {
    const { clock, log, hb } = setup();
    hb.start();
    hb.probe(3_000);
    clock.advance(1_000);
    hb.pong();
    clock.advance(30_000);
    expect(log).toEqual(['ping@0', 'alive', 'ping@31000']);
  });

  it('stop() cancels every timer', () => {
    const { clock, log, hb } = setup();
    hb.start();
    hb.probe();
    hb.stop();
    clock.advance(200_000);
    expect(log).toEqual(['ping@0']);
    expect(clock.timerCount).toBe(0);
  });
});
