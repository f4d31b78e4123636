import { describe, expect, it } from 'vitest';
import { WindowGate } from './windowGate.js';

describe('WindowGate', () => {
  it('shows the window once the shell is ready on a normal launch', () => {
    const gate = new WindowGate({ autostart: false, hasLaunchLink: false });
    let shown = 0;
    gate.ready(() => shown++);
    expect(shown).toBe(1);
  });

  it('creates nothing before ready, however often it is asked (second-instance, activate)', () => {
    const gate = new WindowGate({ autostart: true, hasLaunchLink: false });
    let shown = 0;
    gate.request();
    gate.request();
    expect(shown).toBe(0);
    expect(gate.isReady).toBe(false);
    gate.ready(() => shown++);
    expect(shown).toBe(1);
  });

  it('stays in the tray when started at login with nothing to open', () => {
    const gate = new WindowGate({ autostart: true, hasLaunchLink: false });
    let shown = 0;
    gate.ready(() => shown++);
    expect(shown).toBe(0);
    gate.request(); // tray click
    expect(shown).toBe(1);
  });

  it('opens at login when launched with a deep link', () => {
    const gate = new WindowGate({ autostart: true, hasLaunchLink: true });
    let shown = 0;
    gate.ready(() => shown++);
    expect(shown).toBe(1);
  });
});
