/**
 * Who is signed in: register, login, logout and keeping the access token fresh. The
 * token lives in the injected SecretStore (the OS keychain in the app); the public part
 * of the session (server URL and user) lives in the cache so the app opens signed in
 * and shows cached data before the server answers.
 *
 * Refresh: the token's `exp` is read from the JWT payload and POST /auth/refresh runs
 * when 80% of its lifetime has passed (at least a minute before expiry); a network
 * failure retries in 30 s, a 401 signs the user out.
 */
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

/** When to refresh a token that expires at `expiresAt`, given the time it was obtained. */
export function refreshAt(obtainedAt: number, expiresAt: number): number {
  const lifetime = expiresAt - obtainedAt;
  return Math.min(obtainedAt + lifetime * 0.8, expiresAt - 60_000);
}

export class Session extends Emitter<SessionEvents> {
  private token: string | null = null;
  private view: SessionView | null = null;
  private refreshTimer: TimerHandle | null = null;

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
    this.token = token;
    this.view = view;
    this.scheduleRefresh();
    return view;
  }

  async register(serverUrl: string, body: { email: string; password: string; full_name: string }): Promise<SessionView> {
    return this.adopt(serverUrl, await this.api.register(serverUrl, body));
  }

  async login(serverUrl: string, body: { email: string; password: string }): Promise<SessionView> {
    return this.adopt(serverUrl, await this.api.login(serverUrl, body));
  }

  /** Forgets the token and the cached data of this account. */
  async logout(): Promise<void> {
    await this.signOut();
    await this.cache.wipe();
  }

  /** The server rejected the token: sign out but keep the cache (and the outbox) for this user. */
  async signOut(): Promise<void> {
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
    this.token = null;
    const hadView = this.view !== null;
    this.view = null;
    await Promise.all([this.secrets.clear(), this.cache.setJson('session', null)]);
    this.emit('token', null);
    if (hadView) this.emit('changed', null);
  }

  updateUser(user: User): void {
    if (!this.view || this.view.user.id !== user.id) return;
    this.view = { ...this.view, user };
    void this.cache.setJson('session', this.view);
  }

  /** Refreshes the token now; used by the timer and exposed for tests. */
  async refresh(): Promise<void> {
    if (!this.token) return;
    try {
      const res = await this.api.refresh();
      this.token = res.access_token;
      await this.secrets.set(res.access_token);
      this.emit('token', res.access_token);
      this.scheduleRefresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        await this.signOut();
        return;
      }
      this.refreshTimer = this.clock.after(REFRESH_RETRY_MS, () => void this.refresh());
    }
  }

  dispose(): void {
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
  }

  private async adopt(serverUrl: string, res: AuthResponse): Promise<SessionView> {
    const previous = (await this.cache.getJson('session')) as SessionView | null;
    const lastUser = (await this.cache.getJson('cacheOwner')) as number | null;
    // The cache holds one account's data: another account starts from empty.
    if ((lastUser !== null && lastUser !== res.user.id) || (previous && previous.serverUrl !== serverUrl)) await this.cache.wipe();
    const view: SessionView = { user: res.user, serverUrl: serverUrl.replace(/\/$/, '') };
    this.token = res.access_token;
    this.view = view;
    await this.secrets.set(res.access_token);
    await this.cache.setJson('session', view);
    await this.cache.setJson('cacheOwner', res.user.id);
    await this.cache.setJson('lastServerUrl', view.serverUrl);
    await this.cache.upsertUsers([res.user]);
    this.scheduleRefresh();
    this.emit('token', res.access_token);
    this.emit('changed', view);
    return view;
  }

  private scheduleRefresh(): void {
    this.refreshTimer?.cancel();
    this.refreshTimer = null;
    const expiresAt = this.token ? tokenExpiry(this.token) : null;
    if (!expiresAt) return;
    const now = this.clock.now();
    const at = refreshAt(now, expiresAt);
    this.refreshTimer = this.clock.after(Math.max(0, at - now), () => void this.refresh());
  }
}
