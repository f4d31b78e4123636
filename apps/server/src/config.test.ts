import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, wantsHelp } from './config.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'parley-config-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const dir = tmp();
    const c = loadConfig(['--data-dir', dir], {});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: dir,
      store: 'sqlite',
      bus: null,
      tokenTtlSeconds: 900,
      accounts: { registration: 'open', sessionTtlSeconds: 30 * 86400, loginPerIpPerMinute: 30, registerPerIpPerHour: 20, maxConcurrentHashes: 2, maxQueuedHashes: 32 },
      logLevel: 'info',
      maxFrameBytes: 65536,
      maxContentChars: 4000,
      maxUploadBytes: 10 * 1024 * 1024,
      presenceGraceMs: 3000,
      idleTimeoutSeconds: 60,
      rateLimits: { messagesPerSecond: 30, messageBurst: 100, typingPerSecond: 5, typingBurst: 20, restWritesPerSecond: 10, restWriteBurst: 50 },
    });
    expect(c.uploadTypes['image/png']).toBe('png');
  });

  it('configures chat event limits from flags and environment', () => {
    const dir = tmp();
    expect(loadConfig(['--data-dir', dir], {}).chatEvents).toEqual({ editWindowMs: 86_400_000, maxReactionsPerMessage: 20, maxReactionChars: 32, maxGroupMembers: 256 });
    const c = loadConfig(['--data-dir', dir, '--edit-window-seconds', '0', '--max-reactions', '5'], { PARLEY_MAX_REACTION_CHARS: '8', PARLEY_MAX_GROUP_MEMBERS: '10', PARLEY_MAX_REACTIONS: '7' });
    expect(c.chatEvents).toEqual({ editWindowMs: 0, maxReactionsPerMessage: 5, maxReactionChars: 8, maxGroupMembers: 10 });
    expect(() => loadConfig(['--data-dir', dir, '--edit-window-seconds', '-1'], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--data-dir', dir, '--max-reaction-chars', '100000'], {})).toThrow(ConfigError);
    expect(() => loadConfig(['--data-dir', dir, '--max-group-members', 'many'], {})).toThrow(/max group members must be a number/);
  });

  it('takes PARLEY_* variables, and flags over them', () => {
    const dir = tmp();
    const env = { PARLEY_HOST: '0.0.0.0', PARLEY_PORT: '9000', PARLEY_DATA_DIR: dir, PARLEY_STORE: 'postgres://localhost/parley', PARLEY_BUS: 'redis://127.0.0.1:6379', PARLEY_JWT_SECRET: 'e'.repeat(32), PARLEY_LOG_LEVEL: 'debug' };
    expect(loadConfig([], env)).toMatchObject({ host: '0.0.0.0', port: 9000, dataDir: dir, store: 'postgres://localhost/parley', bus: 'redis://127.0.0.1:6379', jwtSecret: 'e'.repeat(32), logLevel: 'debug' });
    const c = loadConfig(['--port', '0', '--jwt-secret', 'f'.repeat(20), '--log-level', 'silent', '--store', 'sqlite'], env);
    expect(c).toMatchObject({ port: 0, jwtSecret: 'f'.repeat(20), logLevel: 'silent', store: 'sqlite' });
  });

  it.each([
    [['--port', 'abc'], /port must be a number/],
    [['--port', '70000'], /port/],
    [['--store', 'mysql://x'], /store must be/],
    [['--bus', 'nats://x'], /bus must be a redis/],
    [['--jwt-secret', 'short'], /at least 16/],
    [['--log-level', 'loud'], /log level must be one of/],
    [['--unknown'], /Unknown option/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => loadConfig([...argv, '--data-dir', tmp()], {})).toThrow(ConfigError);
    expect(() => loadConfig([...argv, '--data-dir', tmp()], {})).toThrow(message);
  });

  it('generates a secret once, keeps it with mode 0600 and reuses it', () => {
    const dir = join(tmp(), 'nested', 'data');
    const a = loadConfig(['--data-dir', dir], {});
    const file = join(dir, 'jwt-secret');
    expect(a.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(a.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(['--data-dir', dir], {}).jwtSecret).toBe(a.jwtSecret);
  });

  it('refuses a weak stored secret', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'jwt-secret'), 'weak\n');
    expect(() => loadConfig(['--data-dir', dir], {})).toThrow(/shorter than 16/);
  });

  it('recognises --help', () => {
    expect(wantsHelp(['--help'])).toBe(true);
    expect(wantsHelp(['--port', '1'])).toBe(false);
  });
});
