/**
 * Access and refresh tokens. Access tokens are HS256 JWTs (`sub` user, `sid` session,
 * `exp`); verification accepts HS256 only, so neither `alg: none` nor an
 * algorithm-confusion token can pass. Refresh tokens are 256 random bits; the store
 * only ever sees their SHA-256.
 */
import { createHash, createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TokenClaims } from './accountTypes.js';
import { AppError } from './errors.js';

const REFRESH_PREFIX = 'prt_';
const ID = /^[1-9][0-9]{0,15}$/;

export interface TokenIssuer {
  access(userId: number, sessionId: number): { token: string; expiresIn: number };
  verify(token: string): TokenClaims;
}

export function createTokenIssuer(secret: string, ttlSeconds: number): TokenIssuer {
  // A KeyObject made once: given a string, jsonwebtoken builds a key on every call (it
  // first tries it as a PEM public key), which was the largest cost of a socket upgrade.
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    access(userId, sessionId) {
      const token = jwt.sign({ sid: sessionId }, key, { algorithm: 'HS256', subject: String(userId), expiresIn: ttlSeconds });
      return { token, expiresIn: ttlSeconds };
    },
    verify(token) {
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, key, { algorithms: ['HS256'] });
      } catch (err) {
        throw new AppError('unauthorized', err instanceof jwt.TokenExpiredError ? 'token expired' : 'invalid token');
      }
      // A token without an expiry would live forever, one without a session could not
      // be revoked (tokens from before sessions existed): neither is accepted.
      if (typeof payload !== 'object' || typeof payload.exp !== 'number') throw new AppError('unauthorized', 'invalid token');
      const sub = payload.sub;
      const sid: unknown = payload.sid;
      if (typeof sub !== 'string' || !ID.test(sub) || typeof sid !== 'number' || !Number.isSafeInteger(sid) || sid < 1) {
        throw new AppError('unauthorized', 'invalid token');
      }
      return { userId: Number(sub), sessionId: sid, expiresAtMs: payload.exp * 1000 };
    },
  };
}

export function newRefreshToken(): string {
  return REFRESH_PREFIX + randomBytes(32).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A readable device name from a User-Agent, for the sessions list. */
export function deviceNameFrom(userAgent: string): string {
  const ua = userAgent.slice(0, 512);
  const app = /Parley\/[\d.]+/.exec(ua)?.[0].replace('/', ' ') ??
    (/Electron\//.test(ua) ? 'Parley desktop' : null) ??
    ['Edg', 'Firefox', 'Chrome', 'Safari'].find((b) => ua.includes(`${b}/`))?.replace('Edg', 'Edge') ??
    (/^node|undici/i.test(ua) ? 'Script' : null);
  const os = [['Windows', 'Windows'], ['Mac OS X', 'macOS'], ['Android', 'Android'], ['iPhone', 'iOS'], ['Linux', 'Linux']].find(([needle]) => ua.includes(needle!))?.[1];
  if (app && os) return `${app} on ${os}`;
  return app ?? os ?? 'Unknown device';
}
