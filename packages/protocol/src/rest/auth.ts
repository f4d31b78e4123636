import { z } from 'zod';
import { Id } from '../common.js';
import { DeviceId, DeviceName } from './accounts.js';

export const RegisterRequest = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254)),
  password: z.string().min(8, 'password must be at least 8 characters').max(256),
  full_name: z.string().trim().min(1).max(100),
  /** Required when the server runs with `--registration invite`. */
  invite_code: z.string().min(1).max(128).optional(),
  device_name: DeviceName.optional(),
  device_id: DeviceId.optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(256),
  device_name: DeviceName.optional(),
  device_id: DeviceId.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** A user as others see them; `email` only appears on yourself. */
export const User = z.object({
  id: Id,
  full_name: z.string(),
  email: z.string().optional(),
  avatar_url: z.string().nullable().optional(),
  /** Only on yourself. */
  role: z.enum(['user', 'admin']).optional(),
});
export type User = z.infer<typeof User>;

export const AuthResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  user: User,
  /** Beyond SPEC §2: the session's rotating refresh token (POST /auth/refresh {refresh_token}). */
  refresh_token: z.string().optional(),
  /** Seconds until access_token expires. */
  expires_in: z.number().optional(),
  /** When the refresh token stops working unless rotated before. */
  refresh_expires_at: z.string().optional(),
  session_id: z.number().optional(),
});
export type AuthResponse = z.infer<typeof AuthResponse>;

export const UserSearchQuery = z.object({ q: z.string().max(100).default('') });
