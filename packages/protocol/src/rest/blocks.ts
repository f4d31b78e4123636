import { z } from 'zod';
import { Id } from '../common.js';

/** GET /blocks: the people I blocked, oldest first. */
export const BlockedUser = z.object({
  user: z.object({ id: Id, full_name: z.string() }),
  blocked_at: z.string(),
});
export type BlockedUser = z.infer<typeof BlockedUser>;

/**
 * Why a connection or request between two people ended, as `connection_removed` tells
 * each side. The blocked person is told `removed`, never `blocked`.
 */
export const ConnectionEndReason = z.enum(['declined', 'cancelled', 'removed', 'blocked']);
export type ConnectionEndReason = z.infer<typeof ConnectionEndReason>;
