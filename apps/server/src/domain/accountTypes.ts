/**
 * The domain's account surface (issue 12), kept apart from domain.ts so that file stays
 * small. Tokens: a short-lived HS256 access token names its user (`sub`) and session
 * (`sid`); a long-lived opaque refresh token, stored hashed, rotates on every use.
 */
import type { AdminUser, AuthResponse, Invite, LoginRequest, RegisterRequest, SessionInfo, User } from '@parley/protocol';

/** What a verified access token says. */
export interface TokenClaims {
  userId: number;
  sessionId: number;
  /** Epoch milliseconds. */
  expiresAtMs: number;
}

/** Facts about the caller's connection, for per-IP limits and device names. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export interface AuthApi {
  register(input: RegisterRequest, client: ClientInfo): Promise<AuthResponse>;
  login(input: LoginRequest, client: ClientInfo): Promise<AuthResponse>;
  /** SPEC §2: a fresh access token for the same session, given a valid one. */
  refresh(claims: TokenClaims): Promise<AuthResponse>;
  /** Presents a refresh token: a new access token and a new refresh token; reuse revokes the session. */
  rotate(refreshToken: string): Promise<AuthResponse>;
  /** Signature (HS256 only), expiry and shape; throws AppError('unauthorized'). Synchronous: no store access. */
  verifyToken(token: string): TokenClaims;
  /** The session is live and the account active; throws AppError('unauthorized'). */
  authenticate(claims: TokenClaims): Promise<void>;
}

export interface SessionsApi {
  list(claims: TokenClaims): Promise<SessionInfo[]>;
  /** Signs out one of your sessions (yours only: another user's id is not_found). */
  revoke(claims: TokenClaims, sessionId: number): Promise<void>;
  logout(claims: TokenClaims): Promise<void>;
  logoutAll(claims: TokenClaims): Promise<void>;
  /** Checks the current password, stores the new one and signs out every other session. */
  changePassword(claims: TokenClaims, currentPassword: string, newPassword: string): Promise<void>;
}

export interface ProfileApi {
  update(userId: number, changes: { full_name?: string; avatar_url?: string | null }): Promise<User>;
}

export interface AdminApi {
  listUsers(adminId: number, afterId: number, limit: number): Promise<AdminUser[]>;
  setStatus(adminId: number, userId: number, status: 'active' | 'deactivated'): Promise<AdminUser>;
  createInvite(adminId: number, expiresInHours: number): Promise<Invite>;
  listInvites(adminId: number): Promise<Invite[]>;
}
