import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, HELP_TEXT, loadConfig } from './config.js';
import { LIMIT_DEFAULTS } from './limitsConfig.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'parley-limits-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('resource limit flags', () => {
  it('default to the documented values', () => {
    expect(loadConfig(['--data-dir', tmp()], {}).resourceLimits).toEqual(LIMIT_DEFAULTS);
    expect(LIMIT_DEFAULTS).toMatchObject({ maxSocketsPerUser: 32, maxSocketsPerIp: 256, uploadQuotaBytesPerUser: 1024 ** 3, uploadGraceMs: 86_400_000 });
  });

  it('read flags before the environment', () => {
    const c = loadConfig(['--data-dir', tmp(), '--max-sockets-per-user', '4', '--upload-quota-mb', '5'], {
      PARLEY_MAX_SOCKETS_PER_USER: '9',
      PARLEY_MAX_SOCKETS_PER_IP: '12',
      PARLEY_UPLOAD_TOTAL_QUOTA_MB: '100',
      PARLEY_UPLOAD_GRACE_SECONDS: '60',
    }).resourceLimits;
    expect(c).toMatchObject({ maxSocketsPerUser: 4, maxSocketsPerIp: 12, uploadQuotaBytesPerUser: 5 * 1024 ** 2, uploadQuotaBytesTotal: 100 * 1024 ** 2, uploadGraceMs: 60_000 });
  });

  it('refuse nonsense with a readable message, and are in the help', () => {
    expect(() => loadConfig(['--data-dir', tmp(), '--max-sockets-per-ip', '0'], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--data-dir', tmp()], { PARLEY_UPLOAD_QUOTA_MB: 'lots' })).toThrow(/upload quota must be a number/);
    for (const flag of ['--max-sockets-per-user', '--max-sockets-per-ip', '--upload-quota-mb', '--upload-total-quota-mb', '--upload-grace-seconds']) {
      expect(HELP_TEXT).toContain(flag);
    }
  });
});
