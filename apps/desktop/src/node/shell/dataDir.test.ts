import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDesktopDataDir } from './dataDir.js';

describe('resolveDesktopDataDir', () => {
  const base = mkdtempSync(join(tmpdir(), 'parley-datadir-'));

  it('is null (Electron’s default profile) when unset, and ignores the server’s PARLEY_DATA_DIR', () => {
    expect(resolveDesktopDataDir({}, base)).toBeNull();
    expect(resolveDesktopDataDir({ PARLEY_DATA_DIR: join(base, 'server') }, base)).toBeNull();
  });

  it('makes a relative path absolute against the working directory and creates it', () => {
    const dir = resolveDesktopDataDir({ PARLEY_DESKTOP_DATA_DIR: 'profiles/second' }, base);
    expect(dir).toBe(join(base, 'profiles/second'));
    expect(statSync(dir as string).isDirectory()).toBe(true);
  });

  it('accepts an existing absolute directory as is', () => {
    expect(resolveDesktopDataDir({ PARLEY_DESKTOP_DATA_DIR: base }, '/')).toBe(base);
  });

  it('names the variable and the path when it cannot be a directory', () => {
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    expect(() => resolveDesktopDataDir({ PARLEY_DESKTOP_DATA_DIR: file }, base)).toThrow(/PARLEY_DESKTOP_DATA_DIR=.*a-file/);
    expect(() => resolveDesktopDataDir({ PARLEY_DESKTOP_DATA_DIR: join(file, 'below') }, base)).toThrow(/cannot create/);
  });
});
