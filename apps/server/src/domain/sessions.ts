/**
 * A user's own sessions: the list, signing out one, this one or all, and changing the
 * password (which signs out every other session). Every revocation is published, so
 * each node closes the revoked sessions' sockets.
 */
import type { SessionInfo } from '@parley/protocol';
import type { Store } from '../store/types.js';
import type { SessionsApi, TokenClaims } from './accountTypes.js';
import { checkPassword, hashPassword } from './auth.js';
import { AppError } from './errors.js';
import type { EventSink } from './events.js';
import type { HashGate } from './hashGate.js';

export function createSessions(store: Store, events: EventSink, gate: HashGate): SessionsApi {
  async function revoke(claims: TokenClaims, ids: number[] | 'all', exceptId: number | null): Promise<number[]> {
    const revoked = await store.sessions.revoke(claims.userId, ids, exceptId, new Date().toISOString());
    if (revoked.length > 0) events.publish({ kind: 'sessions_revoked', userId: claims.userId, sessionIds: revoked, reason: 'signed_out' });
    return revoked;
  }

  return {
    async list(claims) {
      const rows = await store.sessions.listActive(claims.userId, new Date().toISOString());
      return rows.map((s): SessionInfo => ({
        id: s.id,
        device_name: s.device_name,
        created_at: s.created_at,
        last_seen_at: s.last_seen_at,
        current: s.id === claims.sessionId,
      }));
    },

    async revoke(claims, sessionId) {
      const revoked = await revoke(claims, [sessionId], null);
      // Someone else's session, or an ended one, is simply not among yours.
      if (revoked.length === 0) throw new AppError('not_found', 'no such active session');
    },

    async logout(claims) {
      await revoke(claims, [claims.sessionId], null);
    },

    async logoutAll(claims) {
      await revoke(claims, 'all', null);
    },

    async changePassword(claims, currentPassword, newPassword) {
      const user = await store.users.byId(claims.userId);
      if (!user) throw new AppError('unauthorized', 'account no longer exists');
      // A signed-in user changing their own password waits in the priority lane.
      if (!(await checkPassword(gate, 'known', user.password_hash, currentPassword))) {
        throw new AppError('forbidden', 'current password is wrong');
      }
      await store.users.setPasswordHash(user.id, await hashPassword(gate, 'known', newPassword));
      await revoke(claims, 'all', claims.sessionId);
    },
  };
}
