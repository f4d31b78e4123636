/**
 * Accounts and tokens. Passwords are hashed with argon2id and never logged; tokens are
 * HS256 JWTs whose `sub` is the user id. Verification accepts HS256 only, so neither
 * `alg: none` nor an algorithm-confusion token can pass.
 */
import { hash, verify } from '@node-rs/argon2';
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AuthResponse } from '@parley/protocol';
import type { UserRow, Store } from '../store/types.js';
import { AppError } from './errors.js';
import type { Domain } from './domain.js';
import type { RateLimiter } from './rateLimit.js';

export interface AuthDeps {
  store: Store;
  /** Needs a 'login_failure' bucket: wrong passwords per account, to slow guessing. */
  limiter: RateLimiter;
  jwtSecret: string;
  tokenTtlSeconds: number;
}

// @node-rs/argon2's Algorithm is a const enum, which isolatedModules cannot inline;
// 2 is Argon2id. Cost parameters are the library's OWASP-recommended defaults.
const ARGON2ID = 2;

/**
 * Login with an unknown email still runs one verification against this hash, so the
 * response time does not reveal which emails have accounts.
 */
const dummyHash = hash('parley-timing-equaliser', { algorithm: ARGON2ID });

const badCredentials = () => new AppError('unauthorized', 'invalid email or password');

export function createAuth(deps: AuthDeps): Domain['auth'] {
  const { store, limiter, tokenTtlSeconds } = deps;
  // A KeyObject made once: given a string, jsonwebtoken builds a key on every call (it
  // first tries it as a PEM public key), which was the largest cost of a socket upgrade.
  const jwtKey = createSecretKey(Buffer.from(deps.jwtSecret, 'utf8'));

  function issue(user: UserRow): AuthResponse {
    const access_token = jwt.sign({}, jwtKey, {
      algorithm: 'HS256',
      subject: String(user.id),
      expiresIn: tokenTtlSeconds,
    });
    return { access_token, token_type: 'bearer', user: { id: user.id, email: user.email, full_name: user.full_name } };
  }

  return {
    async register({ email, password, full_name }) {
      const normalized = email.trim().toLowerCase();
      if (await store.users.byEmail(normalized)) throw new AppError('conflict', 'email is already registered');
      const passwordHash = await hash(password, { algorithm: ARGON2ID });
      // The store still reports 'conflict' if a concurrent registration won the race.
      const user = await store.users.create({ email: normalized, fullName: full_name.trim(), passwordHash });
      return issue(user);
    },

    async login({ email, password }) {
      const normalized = email.trim().toLowerCase();
      // Once an account has seen too many wrong passwords, even the right one waits:
      // otherwise the limit would not slow guessing at all.
      limiter.check('login_failure', normalized);
      const user = await store.users.byEmail(normalized);
      const ok = user
        ? await verify(user.password_hash, password).catch(() => false)
        : await verify(await dummyHash, password).then(() => false, () => false);
      if (!user || !ok) {
        limiter.consume('login_failure', normalized);
        throw badCredentials();
      }
      return issue(user);
    },

    async refresh(userId) {
      const user = await store.users.byId(userId);
      if (!user) throw new AppError('unauthorized', 'account no longer exists');
      return issue(user);
    },

    verifyToken(token) {
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, jwtKey, { algorithms: ['HS256'] });
      } catch (err) {
        const expired = err instanceof jwt.TokenExpiredError;
        throw new AppError('unauthorized', expired ? 'token expired' : 'invalid token');
      }
      const sub = typeof payload === 'object' ? payload.sub : undefined;
      // A token without an expiry would live forever; we never issue one, so refuse it.
      if (typeof payload !== 'object' || typeof payload.exp !== 'number') throw new AppError('unauthorized', 'invalid token');
      const id = sub !== undefined && /^[1-9][0-9]{0,15}$/.test(sub) ? Number(sub) : NaN;
      if (!Number.isSafeInteger(id)) throw new AppError('unauthorized', 'invalid token');
      return id;
    },
  };
}
