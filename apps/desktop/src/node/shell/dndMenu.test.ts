import { describe, expect, it } from 'vitest';
import { dndChoices, dndMenuLabel } from './dndMenu.js';

const NOW = Date.parse('2024-06-01T12:00:00.000Z');

describe('tray do-not-disturb menu', () => {
  it('off: "Off" is checked and the timed choices end an hour or eight from now', () => {
    const choices = dndChoices({ enabled: false, until: null }, NOW);
    expect(choices.map((c) => [c.label, c.checked])).toEqual([
      ['Off', true],
      ['For 1 hour', false],
      ['For 8 hours', false],
      ['Until I turn it off', false],
    ]);
    expect(choices[1]?.patch).toEqual({ dnd: { enabled: true, until: '2024-06-01T13:00:00.000Z' } });
    expect(choices[2]?.patch).toEqual({ dnd: { enabled: true, until: '2024-06-01T20:00:00.000Z' } });
    expect(dndMenuLabel({ enabled: false, until: null }, NOW)).toBe('Do not disturb: off');
  });

  it('on without an end: "Until I turn it off" is checked', () => {
    const choices = dndChoices({ enabled: true, until: null }, NOW);
    expect(choices.filter((c) => c.checked).map((c) => c.label)).toEqual(['Until I turn it off']);
    expect(dndMenuLabel({ enabled: true, until: null }, NOW)).toBe('Do not disturb: on');
    expect(choices[0]?.patch).toEqual({ dnd: { enabled: false } });
  });

  it('timed: the title says until when; once past, it reads as off', () => {
    const until = new Date(NOW + 30 * 60_000).toISOString();
    expect(dndMenuLabel({ enabled: true, until }, NOW)).toMatch(/^Do not disturb until \d\d:\d\d$/);
    expect(dndChoices({ enabled: true, until }, NOW).filter((c) => c.checked)).toEqual([]);
    expect(dndMenuLabel({ enabled: true, until }, NOW + 31 * 60_000)).toBe('Do not disturb: off');
    expect(dndChoices({ enabled: true, until }, NOW + 31 * 60_000)[0]?.checked).toBe(true);
  });
});
