import { z } from 'zod';
import { Id } from '../common.js';

export const ConnectionStatus = z.enum(['pending', 'accepted']);

export const CreateConnectionRequest = z.object({ to_user_id: Id });
export type CreateConnectionRequest = z.infer<typeof CreateConnectionRequest>;

export const Connection = z.object({
  id: Id,
  from_user_id: Id,
  to_user_id: Id,
  status: ConnectionStatus,
  created_at: z.string().optional(),
});
export type Connection = z.infer<typeof Connection>;

/** GET /connections: accepted peers. */
export const ConnectionPeer = z.object({
  connection_id: Id,
  user: z.object({ id: Id, full_name: z.string() }),
});
export type ConnectionPeer = z.infer<typeof ConnectionPeer>;

/** GET /connections/requests: pending requests addressed to me. */
export const ConnectionRequest = Connection.extend({ from_user_name: z.string() });
export type ConnectionRequest = z.infer<typeof ConnectionRequest>;
