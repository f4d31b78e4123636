/**
 * Registration, login and token renewal. Passwords are hashed with argon2id (the
 * library's OWASP-recommended cost) behind the hash gate, and never logged.
 *
 * Login limits (docs/security.md, "Accounts, sessions and login limits"):
 *  - per client IP: `loginPerIpPerMinute` attempts, `registerPerIpPerHour` registrations;
 *  - per account: ten wrong passwords, then one guess per 5 s — counted per device
 *    class: attempts from devices the account never signed in from share one bucket,
 *    each known device (its `device_id` was used in a successful login) has its own, so
 *    a flood from elsewhere can never lock the owner's devices out;
 *  - known devices skip the per-IP limit and wait in the hash gate's priority lane.
 */
import { hash, verify } from '@node-rs/argon2';
import type { AuthResponse } from '@parley/protocol';
import type { AccountLimits } from '../config.js';
import type { SessionRow } from '../store/accountTypes.js';
import type { Store, UserRow } from '../store/types.js';
import type { AuthApi, ClientInfo } from './accountTypes.js';
import { checkDisplayName } from './displayName.js';
import { AppError } from './errors.js';
import type { HashGate, HashLane } from './hashGate.js';
import type { RateLimiter } from './rateLimit.js';
import { deviceNameFrom, newRefreshToken, sha256, type TokenIssuer } from './tokens.js';
import type { EventSink } from './events.js';
import { publicUser } from './users.js';

export interface AuthDeps {
  store: Store;
  events: EventSink;
  /** Needs the buckets of `authRateBuckets`. */
  limiter: RateLimiter;
  gate: HashGate;
  tokens: TokenIssuer;
  limits: AccountLimits;
}

// @node-rs/argon2's Algorithm is a const enum, which isolatedModules cannot inline;
// 2 is Argon2id.
const ARGON2ID = 2;

export function hashPassword(gate: HashGate, lane: HashLane, password: string): Promise<string> {
  return gate.run(lane, () => hash(password, { algorithm: ARGON2ID }));
}

export function checkPassword(gate: HashGate, lane: HashLane, passwordHash: string, password: string): Promise<boolean> {
  return gate.run(lane, () => verify(passwordHash, password).catch(() => false));
}

/**
 * Login with an unknown email still runs one verification against this hash, so the
 * response time does not reveal which emails have accounts.
 */
const dummyHash = hash('parley-timing-equaliser', { algorithm: ARGON2ID });

/** Rate buckets the auth domain draws from; per-IP ones only when their limit is on. */
export function authRateBuckets(limits: AccountLimits) {
  return {
    login_failure: { perSecond: 0.2, burst: 10 },
    login_failure_known: { perSecond: 0.2, burst: 10 },
    ...(limits.loginPerIpPerMinute > 0 ? { login_ip: { perSecond: limits.loginPerIpPerMinute / 60, burst: limits.loginPerIpPerMinute } } : {}),
    ...(limits.registerPerIpPerHour > 0 ? { register_ip: { perSecond: limits.registerPerIpPerHour / 3600, burst: limits.registerPerIpPerHour } } : {}),
  };
}

const badCredentials = () => new AppError('unauthorized', 'invalid email or password');


export function createAuth(deps: AuthDeps): AuthApi & { issueSession(user: UserRow, deviceName: string, deviceId: string | undefined): Promise<AuthResponse> } {
  const { store, limiter, gate, tokens, limits } = deps;

  function response(user: UserRow, session: SessionRow, refreshToken?: string): AuthResponse {
    const access = tokens.access(user.id, session.id);
    return {
      access_token: access.token,
      token_type: 'bearer',
      user: publicUser(user, user.id),
      ...(refreshToken ? { refresh_token: refreshToken, refresh_expires_at: session.expires_at } : {}),
      expires_in: access.expiresIn,
      session_id: session.id,
    };
  }

  async function issueSession(user: UserRow, deviceName: string, deviceId: string | undefined): Promise<AuthResponse> {
    const refreshToken = newRefreshToken();
    const session = await store.sessions.create({
      userId: user.id,
      deviceName,
      deviceHash: deviceId ? sha256(deviceId) : null,
      refreshHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + limits.sessionTtlSeconds * 1000).toISOString(),
    });
    return response(user, session, refreshToken);
  }

  const deviceName = (given: string | undefined, client: ClientInfo) => (given?.trim() ? given.trim() : deviceNameFrom(client.userAgent));

  async function liveUser(userId: number): Promise<UserRow> {
    const user = await store.users.byId(userId);
    if (!user) throw new AppError('unauthorized', 'account no longer exists');
    if (user.status !== 'active') throw new AppError('unauthorized', 'account is deactivated');
    return user;
  }

  return {
    issueSession,

    async register(input, client) {
      if (limits.registration === 'closed') throw new AppError('forbidden', 'registration is closed on this server; ask an administrator');
      if (limits.registration === 'invite' && !input.invite_code) throw new AppError('forbidden', 'registration needs an invite code on this server');
      if (limits.registerPerIpPerHour > 0) limiter.consume('register_ip', client.ip);
      const fullName = checkDisplayName(input.full_name);
      const email = input.email.trim().toLowerCase();
      if (await store.users.byEmail(email)) throw new AppError('conflict', 'email is already registered');
      const passwordHash = await hashPassword(gate, 'normal', input.password);
      // The store still reports 'conflict' if a concurrent registration won the race,
      // and consumes the invite in the same transaction as the insert.
      const user = await store.users.create({
        email,
        fullName,
        passwordHash,
        inviteCode: limits.registration === 'invite' ? input.invite_code : null,
      });
      return issueSession(user, deviceName(input.device_name, client), input.device_id);
    },

    async login(input, client) {
      const email = input.email.trim().toLowerCase();
      const user = await store.users.byEmail(email);
      const deviceHash = input.device_id ? sha256(input.device_id) : null;
      const known = user !== null && deviceHash !== null && (await store.sessions.knownDevice(user.id, deviceHash));
      const bucket = known ? 'login_failure_known' : 'login_failure';
      const bucketKey = known ? `${email}:${deviceHash}` : email;
      if (!known && limits.loginPerIpPerMinute > 0) limiter.consume('login_ip', client.ip);
      // Once a device class has seen too many wrong passwords, even the right one waits:
      // otherwise the limit would not slow guessing at all.
      limiter.check(bucket, bucketKey);
      const lane: HashLane = known ? 'known' : 'normal';
      const ok = user ? await checkPassword(gate, lane, user.password_hash, input.password) : await checkPassword(gate, lane, await dummyHash, input.password).then(() => false);
      if (!user || !ok) {
        limiter.consume(bucket, bucketKey);
        throw badCredentials();
      }
      // Only after the password is right, so the answer does not reveal the account's state.
      if (user.status !== 'active') throw new AppError('forbidden', 'this account is deactivated; ask an administrator');
      return issueSession(user, deviceName(input.device_name, client), input.device_id);
    },

    async refresh(claims) {
      const user = await liveUser(claims.userId);
      const session = await store.sessions.byId(claims.sessionId);
      if (!session || session.revoked_at !== null) throw new AppError('unauthorized', 'session ended; sign in again');
      return response(user, session);
    },

    async rotate(refreshToken) {
      const next = newRefreshToken();
      const now = new Date();
      const result = await store.sessions.rotate(
        sha256(refreshToken),
        sha256(next),
        new Date(now.getTime() + limits.sessionTtlSeconds * 1000).toISOString(),
        now.toISOString(),
      );
      if (result.outcome === 'invalid') throw new AppError('unauthorized', 'refresh token is invalid or expired; sign in again');
      if (result.outcome === 'ended') throw new AppError('unauthorized', 'this session was signed out; sign in again');
      if (result.outcome === 'reused') {
        // Someone holds a copy of an old token: end the session for both holders.
        deps.events.publish({ kind: 'sessions_revoked', userId: result.session.user_id, sessionIds: [result.session.id], reason: 'signed_out' });
        throw new AppError('unauthorized', 'refresh token was already used; the session has been signed out');
      }
      const user = await liveUser(result.session.user_id);
      return response(user, result.session, next);
    },

    verifyToken: (token) => tokens.verify(token),

    async authenticate(claims) {
      // One read: this runs on every authenticated request and socket upgrade.
      const session = await store.sessions.withUserStatus(claims.sessionId);
      if (!session || session.user_id !== claims.userId) throw new AppError('unauthorized', 'session ended; sign in again');
      if (session.user_status !== 'active') throw new AppError('unauthorized', 'account is deactivated');
      if (session.revoked_at !== null) throw new AppError('unauthorized', 'session ended; sign in again');
      const now = Date.now();
      // last_seen_at is for people reading the sessions list: a minute's precision is
      // plenty and saves a write on nearly every request.
      if (now - Date.parse(session.last_seen_at) > 60_000) {
        store.sessions.touch(session.id, new Date(now).toISOString()).catch(() => undefined);
      }
    },
  };
}
