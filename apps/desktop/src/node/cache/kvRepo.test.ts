import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, type Preferences } from '@parley/protocol';
import { DEFAULT_SETTINGS } from '../../common/views.js';
import { MAX_ATTACHMENT_NAMES } from './kvRepo.js';
import { openStore, type Store } from './store.js';
import { withPreferences } from '../sync/preferencesSync.js';

const prefs = (version: number, over: Partial<Preferences> = {}): Preferences => ({ ...DEFAULT_PREFERENCES, version, updated_at: `2024-01-01T00:00:0${version}.000Z`, ...over });

describe('cached preferences and attachment names', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-kv-'));
    store = openStore(join(dir, 'cache.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the newest preferences whatever order they arrive in', () => {
    expect(store.preferences()).toEqual(DEFAULT_PREFERENCES);
    expect(store.storePreferences(prefs(2, { privacy: 'none' }))).toBe(true);
    // The reply to an older change, arriving after the frame of a newer one.
    expect(store.storePreferences(prefs(1, { privacy: 'sender' }))).toBe(false);
    expect(store.storePreferences(prefs(2, { privacy: 'none' }))).toBe(false);
    expect(store.preferences().privacy).toBe('none');
    expect(store.storePreferences(prefs(3, { chat_modes: { 4: 'none' } }))).toBe(true);
    expect(store.preferences()).toMatchObject({ version: 3, chat_modes: { 4: 'none' } });
    store.wipe();
    expect(store.preferences()).toEqual(DEFAULT_PREFERENCES);
  });

  it('derives the mute list and do-not-disturb from the preferences', () => {
    const now = Date.parse('2024-06-01T12:00:00.000Z');
    const p = prefs(5, { chat_modes: { 4: 'none', 7: 'mentions', 9: 'none' }, dnd: { enabled: true, until: '2024-06-01T13:00:00.000Z' } });
    expect(withPreferences(DEFAULT_SETTINGS, p, now)).toMatchObject({ mutedChatIds: [4, 9], doNotDisturb: true, preferences: p });
    expect(withPreferences(DEFAULT_SETTINGS, p, Date.parse('2024-06-01T13:00:00.000Z')).doNotDisturb).toBe(false);
  });

  it('remembers attachment names by URL, newest kept, reporting only what changed', () => {
    expect(store.nameAttachments({ '/upload/files/a.txt': 'first.txt' })).toEqual({ '/upload/files/a.txt': 'first.txt' });
    expect(store.nameAttachments({ '/upload/files/a.txt': 'renamed.txt', '/upload/files/b.txt': 'b.txt' })).toEqual({ '/upload/files/a.txt': 'renamed.txt', '/upload/files/b.txt': 'b.txt' });
    // Names already known (history replayed again) change nothing.
    expect(store.nameAttachments({ '/upload/files/a.txt': 'renamed.txt' })).toEqual({});
    expect(store.attachmentNames()).toEqual({ '/upload/files/a.txt': 'renamed.txt', '/upload/files/b.txt': 'b.txt' });
    for (let i = 0; i < MAX_ATTACHMENT_NAMES + 5; i++) store.nameAttachments({ [`/upload/files/f${i}.txt`]: `n${i}.txt` });
    const names = store.attachmentNames();
    expect(Object.keys(names)).toHaveLength(MAX_ATTACHMENT_NAMES);
    expect(names['/upload/files/f0.txt']).toBeUndefined();
    expect(names[`/upload/files/f${MAX_ATTACHMENT_NAMES + 4}.txt`]).toBe(`n${MAX_ATTACHMENT_NAMES + 4}.txt`);
  });
});
