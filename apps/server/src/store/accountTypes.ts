/**
 * The storage contract for accounts (issue 12): user administration, server-side
 * sessions with rotating refresh tokens, and invites. Both engines implement it; the
 * token hashes are SHA-256 hex made by the domain, so no secret reaches the database.
 */
import type { UserRow } from './types.js';

export type UserRole = 'user' | 'admin';
export type UserStatus = 'active' | 'deactivated';

export interface SessionRow {
  id: number;
  user_id: number;
  device_name: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface InviteRow {
  id: number;
  code: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_by: number | null;
  used_at: string | null;
}

/** What presenting a refresh token did. */
export type RotateOutcome =
  /** The token was current: it is now used, `newHash` is the session's current one. */
  | { outcome: 'rotated'; session: SessionRow }
  /** The token had been used before: the session is revoked now (a copy leaked). */
  | { outcome: 'reused'; session: SessionRow }
  /** The token's session was signed out (revoked) before. */
  | { outcome: 'ended' }
  /** No such token, or its session expired. */
  | { outcome: 'invalid' };

export interface NewSession {
  userId: number;
  deviceName: string;
  deviceHash: string | null;
  refreshHash: string;
  expiresAt: string;
}

export interface AccountUserStore {
  /** Sets the status; returns false when there is no such user. */
  setStatus(id: number, status: UserStatus): Promise<boolean>;
  setRole(id: number, role: UserRole): Promise<boolean>;
  setPasswordHash(id: number, passwordHash: string): Promise<boolean>;
  /** Fields left undefined keep their value; returns false when there is no such user. */
  updateProfile(id: number, changes: { fullName?: string; avatarUrl?: string | null }): Promise<boolean>;
  /** Every user by id, for administrators. */
  list(opts: { afterId: number; limit: number }): Promise<UserRow[]>;
}

export interface SessionStore {
  /** A new session with its first refresh token. */
  create(input: NewSession): Promise<SessionRow>;
  byId(id: number): Promise<SessionRow | null>;
  /** The session with its user's status in one read (every authenticated request needs both). */
  withUserStatus(id: number): Promise<(SessionRow & { user_status: UserStatus }) | null>;
  /**
   * Atomically: a current token becomes used and `newHash` the session's token (and the
   * session's expiry moves to `expiresAt`); a used one revokes its session.
   */
  rotate(oldHash: string, newHash: string, expiresAt: string, now: string): Promise<RotateOutcome>;
  /** Moves last_seen_at forward. */
  touch(id: number, at: string): Promise<void>;
  /** Sessions not revoked and not expired at `now`, newest first. */
  listActive(userId: number, now: string): Promise<SessionRow[]>;
  /** Revokes the given sessions of `userId` that are not revoked yet; returns the ids it revoked. */
  revoke(userId: number, ids: readonly number[] | 'all', exceptId: number | null, at: string): Promise<number[]>;
  /** Whether `deviceHash` ever signed in to this account. */
  knownDevice(userId: number, deviceHash: string): Promise<boolean>;
}

export interface InviteStore {
  create(input: { code: string; createdBy: number; expiresAt: string }): Promise<InviteRow>;
  list(limit: number): Promise<InviteRow[]>;
}
