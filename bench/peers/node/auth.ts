/**
 * Accounts for the Node peers: PBKDF2 password hashes (setup only; no benchmark times a
 * login) and HS256 JWTs whose `sub` is the user id, checked on every request and upgrade.
 * The signing secret lives in the data dir so tokens survive a restart, as Parley's do.
 */
import { pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';

const ITERATIONS = 10_000;

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(dataDir: string) {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  const secret = readFileSync(file, 'utf8').trim();

  return {
    hashPassword(password: string): string {
      const salt = randomBytes(16);
      return `${salt.toString('hex')}:${pbkdf2Sync(password, salt, ITERATIONS, 32, 'sha256').toString('hex')}`;
    },
    checkPassword(password: string, stored: string): boolean {
      const [salt, hash] = stored.split(':');
      const got = pbkdf2Sync(password, Buffer.from(salt ?? '', 'hex'), ITERATIONS, 32, 'sha256');
      const want = Buffer.from(hash ?? '', 'hex');
      return want.length === got.length && timingSafeEqual(got, want);
    },
    issueToken(userId: number): string {
      return jwt.sign({}, secret, { algorithm: 'HS256', subject: String(userId), expiresIn: '7d' });
    },
    /** The user id of a valid token, or null. */
    verifyToken(token: string | null | undefined): number | null {
      if (!token) return null;
      try {
        const claims = jwt.verify(token, secret, { algorithms: ['HS256'] });
        const sub = typeof claims === 'object' ? Number(claims.sub) : NaN;
        return Number.isSafeInteger(sub) && sub > 0 ? sub : null;
      } catch {
        return null;
      }
    },
  };
}

export function bearer(header: string | undefined): string | null {
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}
