/**
 * Who is signed in: register, login, logout and keeping the access token fresh. The
 * token lives in the injected SecretStore (the OS keychain in the app); the public part
 * of the session (server URL and user) lives in the cache so the app opens signed in
 * and shows cached data before the server answers.
 *
 * Refresh: the token's `exp` is read from the JWT payload and POST /auth/refresh runs
 * when 80% of its lifetime has passed (at least a minute before expiry), and again
 * whenever the server answers 401 or closes the socket with 4500. With a refresh token
 * (servers since issue 12) the refresh rotates it: the new pair replaces the old in the
 * secret store before anything else may refresh, and refreshes never overlap — two
 * concurrent uses of one refresh token look like theft to the server, which then
 * signs the session out. A network failure retries in 30 s; a 401 signs the user out.
 *
 * The device id (a random UUID kept in the cache across sign-outs) is sent at login so
 * the server recognises this device: its right password is never locked out by a flood
 * of wrong ones from elsewhere (docs/security.md).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuthResponse, User } from '@parley/protocol';
import type { SessionView } from '../../common/views.js';
import type { CacheClient } from '../cache/cacheClient.js';
import { systemClock, type Clock, type TimerHandle } from '../connection/clock.js';
import { Emitter } from '../util/emitter.js';
import { ApiError, type ApiClient } from './apiClient.js';
import type { SecretStore } from './secretStore.js';

const REFRESH_RETRY_MS = 30_000;

export interface SessionEvents {
  changed: SessionView | null;
  /** The access token changed (login or refresh): the socket should use the new one. */
  token: string | null;
  /** The server ended the session (not the user's own sign-out): why, in words for the sign-in screen. */
  ended: { reason: SignOutReason; message: string };
}

export type SignOutReason = 'expired' | 'revoked' | 'deactivated';

const SIGN_OUT_MESSAGES: Record<SignOutReason, string> = {
  expired: 'Your session has expired. Please sign in again.',
  revoked: 'This device was signed out — from another device, or because the password was changed.',
  deactivated: 'Your account has been deactivated by an administrator.',
};

/** What the secret store holds: both tokens, as JSON. A bare string is an access token from before refresh tokens. */
export interface StoredTokens {
  access: string;
  refresh: string | null;
}

export function parseStoredTokens(text: string): StoredTokens {
  try {
    const parsed = JSON.parse(text) as { access_token?: unknown; refresh_token?: unknown };
    if (typeof parsed.access_token === 'string') {
      return { access: parsed.access_token, refresh: typeof parsed.refresh_token === 'string' ? parsed.refresh_token : null };
    }
  } catch {
    // Not JSON: the older format.
  }
  return { access: text, refresh: null };
}

function serializeTokens(t: StoredTokens): string {
  return JSON.stringify({ access_token: t.access, refresh_token: t.refresh });
}

/** How this device appears in the sessions list. */
export function deviceName(): string {
  const os = ({ darwin: 'macOS', win32: 'Windows', linux: 'Linux' } as Record<string, string>)[process.platform] ?? process.platform;
  return `Parley desktop on ${os} (${hostname().slice(0, 40)})`;
}

/** Seconds-since-epoch `exp` of a JWT, or null if the token is not a readable JWT. */
export function tokenExpiry(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: unknown; iat?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * When to refresh a token that expires at `expiresAt`, given the time it was obtained:
 * at 80% of its lifetime and at least a minute before expiry — but never before half of
 * it, so a short-lived token (a server with a one-minute lifetime) is not refreshed in a loop.
 */
export function refreshAt(obtainedAt: number, expiresAt: number): number {
  const lifetime = expiresAt - obtainedAt;
  return Math.min(obtainedAt + lifetime * 0.8, Math.max(obtainedAt + lifetime * 0.5, expiresAt - 60_000));
}

export class Session extends Emitter<SessionEvents> {
  private token: string | null = null;
  private refreshToken: string | null = null;
  /** The refresh in flight: every caller waits for the same one. */
  private refreshing: Promise<boolean> | null = null;
  private view: SessionView | null = null;
  private refreshTimer: TimerHandle | null = null;
  private disposed = false;

  constructor(
    private readonly api: ApiClient,
    private readonly cache: CacheClient,
    private readonly secrets: SecretStore,
    private readonly clock: Clock = systemClock,
  ) {
    super();
  }

  get current(): SessionView | null {
    return this.view;
  }
  get accessToken(): string | null {
    return this.token;
  }
  get userId(): number | null {
    return this.view?.user.id ?? null;
  }

  /** Reopens the last session from the cache and the secret store (no network). */
  async restore(): Promise<SessionView | null> {
    const [token, view] = await Promise.all([this.secrets.get(), this.cache.getJson('session') as Promise<SessionView | null>]);
    if (!token || !view) return null;
    const stored = parseStoredTokens(token);
    this.token = stored.access;
    this.refreshToken = stored.refresh;
    this.view = view;
    this.scheduleRefresh();
    return view;
  }

  async register(serverUrl: string, body: { email: string; password: string; full_name: string }): Promise<SessionView> {
    const device = { device_id: await this.deviceId(), device_name: deviceName() };
    return this.adopt(serverUrl, await this.api.register(serverUrl, { ...body, ...device }));
  }

  async login(serverUrl: string, body: { email: string; password: string }): Promise<SessionView> {
    const device = { device_id: await this.deviceId(), device_name: deviceName() };
    return this.adopt(serverUrl, await this.api.login(serverUrl, { ...body, ...device }));
  }

  /** This installation's id, made once; it outlives sign-outs (the cache wipe keeps it). */
  async deviceId(): Promise<string> {
    const known = (await this.cache.getJson('deviceId')) as string | null;
    if (known) return known;
    const id = randomUUID();
    await this.cache.setJson('deviceId', id);
    return id;
  }

  /** Signs this session out on the server (best effort), forgets the tokens and the cached data of this account. */
  async logout(): Promise<void> {
    if (this.token) await this.api.logout().catch(() => undefined);
    await this.signOut();
    await this.wipeCache();
  }

  /**
   * Signs out locally but keeps the cache (and the outbox) for this user. With a
   * `reason` the server ended the session, and `ended` says why.
   */
  async signOut(reason?: SignOutReason): Promise<void> {
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
    this.token = null;
    this.refreshToken = null;
    const hadView = this.view !== null;
    this.view = null;
    await Promise.all([this.secrets.clear(), this.cache.setJson('session', null)]);
    this.emit('token', null);
    if (hadView && reason) this.emit('ended', { reason, message: SIGN_OUT_MESSAGES[reason] });
    if (hadView) this.emit('changed', null);
  }

  /** Keeps the signed-in user's own profile current (in memory at once, then in the cache). */
  async updateUser(user: User): Promise<void> {
    if (!this.view || this.view.user.id !== user.id) return;
    this.view = { ...this.view, user };
    await this.cache.setJson('session', this.view);
  }

  /**
   * Renews the access token now (rotating the refresh token when there is one). Resolves
   * true when a new token is in place, false when signed out or the server could not be
   * reached (then it retries in 30 s). Concurrent calls share one request.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    if (!this.token) return false;
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
    const serverUrl = this.view?.serverUrl;
    try {
      const res = this.refreshToken && serverUrl ? await this.api.rotate(serverUrl, this.refreshToken) : await this.api.refresh();
      // Signed out (or another account signed in) while the request ran: drop the answer.
      if (this.view?.serverUrl !== serverUrl || !this.token) return false;
      this.token = res.access_token;
      this.refreshToken = res.refresh_token ?? this.refreshToken;
      await this.secrets.set(serializeTokens({ access: this.token, refresh: this.refreshToken }));
      this.emit('token', res.access_token);
      this.scheduleRefresh();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        await this.signOut(/already used|signed out|session ended/i.test(err.message) ? 'revoked' : /deactivated/i.test(err.message) ? 'deactivated' : 'expired');
        return false;
      }
      this.refreshTimer = this.clock.after(REFRESH_RETRY_MS, () => void this.refresh().catch((err: unknown) => this.timedRefreshFailed(err)));
      return false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
  }

  /** refresh() answers false for every failure it knows; this is the unexpected rest. */
  private timedRefreshFailed(err: unknown): void {
    if (!this.disposed) console.error('session: token refresh failed:', err);
  }

  private async adopt(serverUrl: string, res: AuthResponse): Promise<SessionView> {
    const previous = (await this.cache.getJson('session')) as SessionView | null;
    const lastUser = (await this.cache.getJson('cacheOwner')) as number | null;
    // The cache holds one account's data: another account starts from empty.
    if ((lastUser !== null && lastUser !== res.user.id) || (previous && previous.serverUrl !== serverUrl)) await this.wipeCache();
    const view: SessionView = { user: res.user, serverUrl: serverUrl.replace(/\/$/, '') };
    this.token = res.access_token;
    this.refreshToken = res.refresh_token ?? null;
    this.view = view;
    await this.secrets.set(serializeTokens({ access: this.token, refresh: this.refreshToken }));
    await this.cache.setJson('session', view);
    await this.cache.setJson('cacheOwner', res.user.id);
    await this.cache.setJson('lastServerUrl', view.serverUrl);
    await this.cache.upsertUsers([res.user]);
    this.scheduleRefresh();
    this.emit('token', res.access_token);
    this.emit('changed', view);
    return view;
  }

  /** Empties the cache but keeps the device id: the server knows this device by it. */
  private async wipeCache(): Promise<void> {
    const id = await this.deviceId();
    await this.cache.wipe();
    await this.cache.setJson('deviceId', id);
  }

  private scheduleRefresh(): void {
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
    const expiresAt = this.token ? tokenExpiry(this.token) : null;
    if (!expiresAt) return;
    const now = this.clock.now();
    const at = refreshAt(now, expiresAt);
    this.refreshTimer = this.clock.after(Math.max(0, at - now), () => void this.refresh().catch((err: unknown) => this.timedRefreshFailed(err)));
  }
}
