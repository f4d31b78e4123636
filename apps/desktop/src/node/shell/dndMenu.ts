/**
 * The tray's "Do not disturb" submenu as data: which choice is current and what each
 * choice changes. Do-not-disturb is a synced preference, so choosing here silences the
 * user's other devices too, exactly as the Settings screen does.
 */
import type { Preferences, PreferencesPatch } from '@parley/protocol';
import { dndActive } from '../alerts/policy.js';

export interface DndChoice {
  label: string;
  checked: boolean;
  patch: PreferencesPatch;
}

const HOUR_MS = 3_600_000;

function clock(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The submenu's title: says whether alerts are paused and until when (local time). */
export function dndMenuLabel(dnd: Preferences['dnd'], now: number): string {
  if (!dndActive(dnd, now)) return 'Do not disturb: off';
  return dnd.until === null ? 'Do not disturb: on' : `Do not disturb until ${clock(dnd.until)}`;
}

export function dndChoices(dnd: Preferences['dnd'], now: number): DndChoice[] {
  const active = dndActive(dnd, now);
  return [
    { label: 'Off', checked: !active, patch: { dnd: { enabled: false } } },
    { label: 'For 1 hour', checked: false, patch: { dnd: { enabled: true, until: new Date(now + HOUR_MS).toISOString() } } },
    { label: 'For 8 hours', checked: false, patch: { dnd: { enabled: true, until: new Date(now + 8 * HOUR_MS).toISOString() } } },
    { label: 'Until I turn it off', checked: active && dnd.until === null, patch: { dnd: { enabled: true, until: null } } },
  ];
}
