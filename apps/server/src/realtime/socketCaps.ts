/**
 * Caps on open sockets per account and per remote address, so one account (or one
 * machine with many accounts) cannot take every file descriptor a node has (20k here).
 * A slot is reserved when an upgrade is accepted at the token check — before the async
 * account lookup, so a burst of upgrades cannot all pass while none is open yet — and
 * released when that upgrade is refused or abandoned, or when its socket closes.
 */
import type { Metrics } from '../observability/metrics.js';
import { refuse, type UpgradeRefusal } from './upgrade.js';

export interface SocketSlot {
  readonly userId: number;
  readonly ip: string;
  released: boolean;
}

export class SocketCaps {
  private readonly byUser = new Map<number, number>();
  private readonly byIp = new Map<string, number>();

  constructor(
    private readonly limits: { maxSocketsPerUser: number; maxSocketsPerIp: number },
    private readonly metrics: Metrics,
  ) {}

  /** A slot for one more socket, or the refusal (429) that names the cap. */
  reserve(userId: number, ip: string): SocketSlot | UpgradeRefusal {
    const { maxSocketsPerUser, maxSocketsPerIp } = this.limits;
    if ((this.byUser.get(userId) ?? 0) >= maxSocketsPerUser) {
      this.metrics.socketCapRefusalsTotal.inc({ scope: 'user' });
      return refuse(429, 'rate_limited', `too many open connections for this account (at most ${maxSocketsPerUser}); close another window or device`);
    }
    if ((this.byIp.get(ip) ?? 0) >= maxSocketsPerIp) {
      this.metrics.socketCapRefusalsTotal.inc({ scope: 'ip' });
      return refuse(429, 'rate_limited', `too many open connections from this address (at most ${maxSocketsPerIp})`);
    }
    bump(this.byUser, userId, 1);
    bump(this.byIp, ip, 1);
    return { userId, ip, released: false };
  }

  /** Idempotent: a slot is given back once however many paths end it. */
  release(slot: SocketSlot): void {
    if (slot.released) return;
    slot.released = true;
    bump(this.byUser, slot.userId, -1);
    bump(this.byIp, slot.ip, -1);
  }
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
