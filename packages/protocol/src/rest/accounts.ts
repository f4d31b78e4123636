/**
 * Accounts (issue 12): sessions and refresh tokens, password change, profile edit,
 * administration and invites.
 */
import { z } from 'zod';
import { AttachmentUrl } from '../common.js';

/**
 * A device's own opaque id (a random UUID it keeps), sent at login so the server can
 * recognise a device that signed in before; it is stored hashed.
 */
export const DeviceId = z.string().regex(/^[\x21-\x7e]{16,128}$/, 'device_id must be 16–128 printable ASCII characters');
/** What the sessions list shows; when absent the server derives it from the User-Agent. */
export const DeviceName = z.string().trim().max(100);

/** POST /auth/refresh: with a body, rotates the refresh token; without, renews a valid bearer token (SPEC §2). */
export const RefreshRequest = z.object({ refresh_token: z.string().min(1).max(512).optional() });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

/** GET /auth/sessions: one signed-in device. */
export interface SessionInfo {
  id: number;
  device_name: string;
  created_at: string;
  last_seen_at: string;
  /** The session of the token that asked. */
  current: boolean;
}

export const ChangePasswordRequest = z.object({
  current_password: z.string().max(256),
  new_password: z.string().min(8, 'password must be at least 8 characters').max(256),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const UpdateProfileRequest = z
  .object({
    full_name: z.string().max(400).optional(),
    avatar_url: AttachmentUrl.nullable().optional(),
  })
  .refine((v) => v.full_name !== undefined || v.avatar_url !== undefined, 'nothing to change: give full_name or avatar_url');
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

export const USER_ROLES = ['user', 'admin'] as const;
export const USER_STATUSES = ['active', 'deactivated'] as const;

/** GET /admin/users. */
export interface AdminUser {
  id: number;
  email: string;
  full_name: string;
  role: (typeof USER_ROLES)[number];
  status: (typeof USER_STATUSES)[number];
  created_at: string;
}

export const CreateInviteRequest = z.object({
  /** How long the invite stays usable; one week by default, at most 90 days. */
  expires_in_hours: z.number().int().min(1).max(24 * 90).default(24 * 7),
});
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

/** An invite: one registration, before `expires_at`. */
export interface Invite {
  id: number;
  code: string;
  created_by: number;
  created_at: string;
  expires_at: string;
  used_by: number | null;
  used_at: string | null;
}

export const REGISTRATION_MODES = ['open', 'invite', 'closed'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
