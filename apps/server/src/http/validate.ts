/**
 * Turning untrusted request parts into typed values with the protocol's zod schemas.
 * Every failure is AppError('invalid') (422) with a message naming the field.
 */
import type { z } from 'zod';
import { AppError } from '../domain/errors.js';

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw new AppError('invalid', message || 'invalid request');
}

/** Query strings arrive as text; absent or empty parameters are left out. */
export function queryObject(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) if (v !== '' && !(k in out)) out[k] = v;
  return out;
}

/** A numeric id from the path; anything else names no resource (404). */
export function idParam(raw: string | undefined, what: string): number {
  if (raw === undefined || !/^[1-9][0-9]{0,15}$/.test(raw)) throw new AppError('not_found', `${what} not found`);
  const id = Number(raw);
  if (!Number.isSafeInteger(id)) throw new AppError('not_found', `${what} not found`);
  return id;
}
