/**
 * Hostile tests for the login limits (issue 12, docs/security.md "Accounts, sessions and
 * login limits"): per-IP limits on login and register, the account lockout that never
 * locks out a known device, and the bound on concurrent password hashes.
 */
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_LIMITS, type AccountLimits } from '../../src/config.js';
import { api, registerUser, startTestServer, type TestServer } from '../harness.js';

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serverWith(limits: Partial<AccountLimits>): Promise<TestServer> {
  const srv = await startTestServer({ accounts: { ...DEFAULT_ACCOUNT_LIMITS, loginPerIpPerMinute: 0, registerPerIpPerHour: 0, ...limits } });
  servers.push(srv);
  return srv;
}

/** POST JSON from a chosen loopback source address (127.0.0.0/8 is all ours). */
function postFrom(srv: TestServer, from: string, path: string, body: unknown): Promise<{ status: number; retryAfter: string | undefined; body: any }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(`${srv.url}${path}`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => {
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('per-IP limits', () => {
  it('login: past the limit one address gets 429 with Retry-After; another address is not affected', async () => {
    const srv = await serverWith({ loginPerIpPerMinute: 5 });
    const u = await registerUser(srv.url);
    const wrong = { email: u.email, password: 'wrong password' };
    for (let i = 0; i < 5; i++) expect((await postFrom(srv, '127.0.0.1', '/auth/login', { ...wrong, email: `nobody${i}@example.test` })).status).toBe(401);
    const limited = await postFrom(srv, '127.0.0.1', '/auth/login', { email: u.email, password: u.password });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await postFrom(srv, '127.0.0.2', '/auth/login', { email: u.email, password: u.password })).status).toBe(200);
  });

  it('register: past the limit one address gets 429 with Retry-After', async () => {
    const srv = await serverWith({ registerPerIpPerHour: 3 });
    const reg = (i: number, from = '127.0.0.1') => postFrom(srv, from, '/auth/register', { email: `r${i}@example.test`, password: 'password123', full_name: `R${i}` });
    for (let i = 0; i < 3; i++) expect((await reg(i)).status).toBe(201);
    const limited = await reg(3);
    expect(limited.status).toBe(429);
    // One registration per 20 minutes refills at 3 per hour.
    expect(Number(limited.retryAfter)).toBeGreaterThan(60);
    expect((await reg(4, '127.0.0.3')).status).toBe(201);
  });
});

describe('account lockout', () => {
  it('ten wrong passwords lock unknown devices out, never a device that signed in before', async () => {
    const srv = await serverWith({ loginPerIpPerMinute: 30 });
    const u = await registerUser(srv.url);
    const laptop = 'device-laptop-0123456789abcdef';
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: u.password, device_id: laptop })).status).toBe(200);
    // An attacker (elsewhere) guesses: from the 11th guess on, every attempt is 429.
    for (let i = 0; i < 10; i++) expect((await postFrom(srv, '127.0.0.4', '/auth/login', { email: u.email, password: `guess ${i}`, device_id: `attacker-device-${i}-padding` })).status).toBe(401);
    const attacker = await postFrom(srv, '127.0.0.5', '/auth/login', { email: u.email, password: u.password });
    expect(attacker.status).toBe(429);
    // Even from the attacker's address, with the IP limit spent, the known device gets in.
    for (let i = 0; i < 40; i++) await postFrom(srv, '127.0.0.1', '/auth/login', { email: `spent${i}@example.test`, password: 'x' });
    expect((await postFrom(srv, '127.0.0.1', '/auth/login', { email: u.email, password: u.password, device_id: laptop })).status).toBe(200);
    // A device id that never signed in is just another unknown device.
    expect((await postFrom(srv, '127.0.0.6', '/auth/login', { email: u.email, password: u.password, device_id: 'made-up-device-id-0000' })).status).toBe(429);
  });
});

describe('password hash bound', () => {
  // The server's defaults: a queue long enough that waiting behind it is unmistakable.
  const maxConcurrentHashes = 2;
  const maxQueuedHashes = 32;

  /** Wrong logins for distinct unknown emails: each costs a full hash, none trips an account lockout. */
  function flood(srv: TestServer, size: number, wave: string) {
    const seen = { hashed: 0 };
    let shed!: () => void;
    const firstShed = new Promise<void>((resolve) => (shed = resolve));
    const statuses = Promise.all(
      Array.from({ length: size }, (_, i) =>
        api(srv.url)
          .post('/auth/login', { email: `${wave}${i}@example.test`, password: 'wrong password' })
          .then((r) => {
            // A 401 is a flood login that was hashed; a 429 one the full queue refused.
            if (r.status === 401) seen.hashed++;
            if (r.status === 429) shed();
            return r.status;
          }),
      ),
    );
    // Never waits past the wave's end, shed or not (the test then fails on the count of 429s).
    void statuses.then(shed, shed);
    return { seen, firstShed, statuses };
  }

  it('a flood of wrong logins is shed with 429 and does not stall a right login from a known device', async () => {
    const srv = await serverWith({ maxConcurrentHashes, maxQueuedHashes });
    const u = await registerUser(srv.url);
    const device = 'device-known-0123456789abcdef';
    expect((await api(srv.url).post('/auth/login', { email: u.email, password: u.password, device_id: device })).status).toBe(200);

    // The bound: 300 at once, and nearly all are refused at once instead of queueing.
    const big = await flood(srv, 300, 'flood').statuses;
    expect(big.filter((s) => s === 429).length).toBeGreaterThan(200);
    expect(big.every((s) => s === 401 || s === 429)).toBe(true);

    // The known lane: once the queue is full (the first 429), a right login from a known
    // device waits only for the hashes already running, not for the queued ones. Counted
    // in hashes, not milliseconds, so a busy machine does not change the answer. (A wave
    // just over the gate's size, so 300 database reads are not ahead of it either.)
    const wave = flood(srv, maxConcurrentHashes + maxQueuedHashes + 6, 'wave');
    await wave.firstShed;
    const hashedAtSend = wave.seen.hashed;
    const right = await api(srv.url).post('/auth/login', { email: u.email, password: u.password, device_id: device });
    const waitedFor = wave.seen.hashed - hashedAtSend;
    const waveStatuses = await wave.statuses;
    const hashedAfter = waveStatuses.filter((s) => s === 401).length - hashedAtSend - waitedFor;
    expect(waveStatuses.some((s) => s === 429)).toBe(true);
    expect(right.status).toBe(200);
    // Served in arrival order it would wait for all 34 (or be refused with the queued ones).
    expect(waitedFor, `the right login waited for ${waitedFor} flood hashes`).toBeLessThan(maxQueuedHashes / 2);
    console.log(`right login under a full queue: waited for ${waitedFor} flood hashes, ${hashedAfter} sent before it were hashed after it`);
  });
});
