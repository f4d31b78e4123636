import { z } from 'zod';
import { Id } from '../common.js';

export const RegisterRequest = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254)),
  password: z.string().min(8, 'password must be at least 8 characters').max(256),
  full_name: z.string().trim().min(1).max(100),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** A user as others see them; `email` only appears on yourself. */
export const User = z.object({
  id: Id,
  full_name: z.string(),
  email: z.string().optional(),
});
export type User = z.infer<typeof User>;

export const AuthResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  user: User,
});
export type AuthResponse = z.infer<typeof AuthResponse>;

export const UserSearchQuery = z.object({ q: z.string().max(100).default('') });
