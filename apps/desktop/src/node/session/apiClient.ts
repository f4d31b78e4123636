/**
 * REST client for SPEC §2. Every failure becomes an ApiError with the server's error
 * code (or `network` when the server could not be reached), so callers can tell
 * "offline, keep it for later" from "the server said no".
 */
import type {
  AuthResponse,
  BlockedUser,
  Chat,
  ChatEvent,
  ChatSummary,
  Comment,
  Connection,
  ConnectionPeer,
  ConnectionRequest,
  Message,
  Post,
  Preferences,
  PreferencesPatch,
  SearchResults,
  SessionInfo,
  UploadLink,
  User,
} from '@parley/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request never got an answer: worth retrying later. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface ApiClientOptions {
  serverUrl: () => string | null;
  token: () => string | null;
  /**
   * Called once when an authenticated request is answered 401; resolves true when a new
   * token is in place, and the request is then sent again with it.
   */
  renewToken?: () => Promise<boolean>;
  timeoutMs?: number;
}

type Query = Record<string, number | string | undefined>;

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  register(serverUrl: string, body: { email: string; password: string; full_name: string; device_id?: string; device_name?: string }): Promise<AuthResponse> {
    return this.request('POST', '/auth/register', { body, base: serverUrl, auth: false });
  }
  login(serverUrl: string, body: { email: string; password: string; device_id?: string; device_name?: string }): Promise<AuthResponse> {
    return this.request('POST', '/auth/login', { body, base: serverUrl, auth: false });
  }
  /** SPEC §2 renewal with the current (valid) access token. */
  refresh(): Promise<AuthResponse> {
    return this.request('POST', '/auth/refresh', { renew: false });
  }
  /** Rotation: the refresh token alone, so an expired access token does not matter. */
  rotate(serverUrl: string, refreshToken: string): Promise<AuthResponse> {
    return this.request('POST', '/auth/refresh', { body: { refresh_token: refreshToken }, base: serverUrl, auth: false });
  }
  logout(): Promise<null> {
    return this.request('POST', '/auth/logout', { renew: false });
  }
  sessions(): Promise<SessionInfo[]> {
    return this.request('GET', '/auth/sessions');
  }
  revokeSession(id: number): Promise<null> {
    return this.request('DELETE', `/auth/sessions/${id}`);
  }
  logoutAll(): Promise<null> {
    return this.request('POST', '/auth/logout-all', { renew: false });
  }
  changePassword(body: { current_password: string; new_password: string }): Promise<null> {
    return this.request('POST', '/auth/password', { body });
  }
  updateProfile(body: { full_name?: string; avatar_url?: string | null }): Promise<User> {
    return this.request('PATCH', '/users/me', { body });
  }
  me(): Promise<User> {
    return this.request('GET', '/users/me');
  }
  user(id: number): Promise<User> {
    return this.request('GET', `/users/${id}`);
  }
  searchUsers(q: string): Promise<User[]> {
    return this.request('GET', '/users', { query: { q } });
  }
  requestConnection(toUserId: number): Promise<Connection> {
    return this.request('POST', '/connections', { body: { to_user_id: toUserId } });
  }
  acceptConnection(id: number): Promise<Connection> {
    return this.request('POST', `/connections/${id}/accept`);
  }
  declineConnection(id: number): Promise<null> {
    return this.request('POST', `/connections/${id}/decline`);
  }
  removeConnection(id: number): Promise<null> {
    return this.request('DELETE', `/connections/${id}`);
  }
  blocks(): Promise<BlockedUser[]> {
    return this.request('GET', '/blocks');
  }
  block(userId: number): Promise<BlockedUser> {
    return this.request('POST', `/blocks/${userId}`);
  }
  unblock(userId: number): Promise<null> {
    return this.request('DELETE', `/blocks/${userId}`);
  }
  /** `/upload/files/<name>` → a signed link the renderer can put in an <img>. */
  uploadLink(url: string): Promise<UploadLink> {
    return this.request('GET', `${url}/link`);
  }
  connections(): Promise<ConnectionPeer[]> {
    return this.request('GET', '/connections');
  }
  connectionRequests(): Promise<ConnectionRequest[]> {
    return this.request('GET', '/connections/requests');
  }
  createChat(body: { member_ids: number[]; title?: string | undefined }): Promise<Chat> {
    return this.request('POST', '/chats', { body });
  }
  chats(): Promise<ChatSummary[]> {
    return this.request('GET', '/chats');
  }
  messages(chatId: number, query: { after_seq?: number; before_seq?: number; limit?: number }): Promise<Message[]> {
    return this.request('GET', `/chats/${chatId}/messages`, { query });
  }
  sendMessage(chatId: number, body: { content: string; attachment?: string | null; client_id?: string; reply_to_seq?: number | null }): Promise<Message> {
    return this.request('POST', `/chats/${chatId}/messages`, { body });
  }
  /** The chat's stream after `after_seq`: messages and events, in seq order. */
  async events(chatId: number, query: { after_seq: number; limit?: number }): Promise<ChatEvent[]> {
    return (await this.request<{ events: ChatEvent[] }>('GET', `/chats/${chatId}/events`, { query })).events;
  }
  editMessage(chatId: number, seq: number, content: string, mentions: number[] = []): Promise<ChatEvent> {
    return this.request('PATCH', `/chats/${chatId}/messages/${seq}`, { body: { content, mentions } });
  }
  /** GET /search: hits in chats I am a member of, newest first. */
  search(query: { q: string; chat_id?: number; before?: number; limit?: number }): Promise<SearchResults> {
    return this.request('GET', '/search', { query });
  }
  deleteMessage(chatId: number, seq: number): Promise<ChatEvent> {
    return this.request('DELETE', `/chats/${chatId}/messages/${seq}`);
  }
  /** The reaction event, or null when it changed nothing (already there / not there). */
  async react(chatId: number, seq: number, reaction: string, remove: boolean): Promise<ChatEvent | null> {
    const path = `/chats/${chatId}/messages/${seq}/reactions`;
    const res = remove
      ? await this.request<ChatEvent | { event: ChatEvent | null }>('DELETE', `${path}/${encodeURIComponent(reaction)}`)
      : await this.request<ChatEvent | { event: ChatEvent | null }>('POST', path, { body: { reaction } });
    return 'event' in res ? res.event : res;
  }
  renameChat(chatId: number, title: string): Promise<ChatEvent> {
    return this.request('PATCH', `/chats/${chatId}`, { body: { title } });
  }
  addMember(chatId: number, userId: number): Promise<ChatEvent> {
    return this.request('POST', `/chats/${chatId}/members`, { body: { user_id: userId } });
  }
  removeMember(chatId: number, userId: number): Promise<ChatEvent> {
    return this.request('DELETE', `/chats/${chatId}/members/${userId}`);
  }
  leaveChat(chatId: number): Promise<ChatEvent> {
    return this.request('POST', `/chats/${chatId}/leave`);
  }
  markRead(chatId: number, seq: number): Promise<null> {
    return this.request('POST', `/chats/${chatId}/read`, { body: { seq } });
  }
  posts(query: { before?: number; limit?: number }): Promise<Post[]> {
    return this.request('GET', '/posts', { query });
  }
  createPost(content: string): Promise<Post> {
    return this.request('POST', '/posts', { body: { content } });
  }
  comments(postId: number): Promise<Comment[]> {
    return this.request('GET', `/posts/${postId}/comments`);
  }
  comment(postId: number, content: string): Promise<Comment> {
    return this.request('POST', `/posts/${postId}/comments`, { body: { content } });
  }
  reactToPost(postId: number, reaction: string): Promise<unknown> {
    return this.request('POST', `/posts/${postId}/reactions`, { body: { reaction } });
  }
  preferences(): Promise<Preferences> {
    return this.request('GET', '/users/me/preferences');
  }
  updatePreferences(patch: PreferencesPatch): Promise<Preferences> {
    return this.request('PATCH', '/users/me/preferences', { body: patch });
  }

  private async request<T>(
    method: string,
    path: string,
    opts: { body?: unknown; raw?: Uint8Array; query?: Query; base?: string; auth?: boolean; renew?: boolean; headers?: Record<string, string> } = {},
  ): Promise<T> {
    try {
      return await this.send<T>(method, path, opts);
    } catch (err) {
      // An expired (or just revoked) access token: renew once and try again.
      const renewable = opts.auth !== false && opts.renew !== false && this.options.renewToken;
      if (!(err instanceof ApiError) || err.status !== 401 || !renewable || !(await this.options.renewToken!())) throw err;
      return this.send<T>(method, path, opts);
    }
  }

  private async send<T>(
    method: string,
    path: string,
    opts: { body?: unknown; raw?: Uint8Array; query?: Query; base?: string; auth?: boolean; headers?: Record<string, string> },
  ): Promise<T> {
    const base = opts.base ?? this.options.serverUrl();
    if (!base) throw new ApiError(0, 'no_server', 'no server configured');
    const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
    for (const [key, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.auth !== false) {
      const token = this.options.token();
      if (!token) throw new ApiError(401, 'unauthorized', 'not signed in');
      headers.Authorization = `Bearer ${token}`;
    }
    let payload: string | Uint8Array | undefined;
    if (opts.raw) payload = opts.raw;
    else if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
    } catch (err) {
      throw new ApiError(0, 'network', `cannot reach the server: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let code = 'http_' + res.status;
      let message = `${method} ${path} failed with ${res.status}`;
      try {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = body.error?.code ?? code;
        message = body.error?.message ?? message;
      } catch {
        // Not JSON (a proxy page, say): keep the status-based code.
      }
      throw new ApiError(res.status, code, message);
    }
    return (text ? JSON.parse(text) : null) as T;
  }
}
