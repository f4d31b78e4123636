import { describe, expect, it } from 'vitest';
import { parseStoredTokens, refreshAt, tokenExpiry } from './session.js';

const jwt = (payload: object) => `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.s`;

describe('token refresh timing', () => {
  it('reads exp from a JWT payload', () => {
    expect(tokenExpiry(jwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(tokenExpiry(jwt({ sub: '1' }))).toBeNull();
    expect(tokenExpiry('opaque')).toBeNull();
    expect(tokenExpiry('a.%%%.b')).toBeNull();
  });

  it('refreshes at 80% of the lifetime, and at least a minute before expiry', () => {
    const day = 86_400_000;
    expect(refreshAt(0, 7 * day)).toBeCloseTo(5.6 * day, 0);
    expect(refreshAt(0, 900_000)).toBe(720_000);
    expect(refreshAt(0, 120_000)).toBe(60_000);
  });

  it('never refreshes a short-lived token before half its lifetime (no refresh loop)', () => {
    expect(refreshAt(0, 60_000)).toBe(30_000);
    expect(refreshAt(0, 30_000)).toBe(15_000);
    expect(refreshAt(1000, 1000)).toBe(1000); // already expired: at once
  });
});

describe('stored tokens', () => {
  it('reads the JSON pair, and a bare string as an access token from before refresh tokens', () => {
    expect(parseStoredTokens(JSON.stringify({ access_token: 'a', refresh_token: 'prt_r' }))).toEqual({ access: 'a', refresh: 'prt_r' });
    expect(parseStoredTokens(JSON.stringify({ access_token: 'a', refresh_token: null }))).toEqual({ access: 'a', refresh: null });
    expect(parseStoredTokens('eyJhbGciOi.x.y')).toEqual({ access: 'eyJhbGciOi.x.y', refresh: null });
  });
});
