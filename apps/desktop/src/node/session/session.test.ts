import { describe, expect, it } from 'vitest';
import { refreshAt, tokenExpiry } from './session.js';

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
    expect(refreshAt(0, 120_000)).toBe(60_000);
    expect(refreshAt(0, 30_000)).toBe(-30_000); // already due: refresh at once
  });
});
