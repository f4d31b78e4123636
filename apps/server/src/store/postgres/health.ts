/**
 * Whether PostgreSQL is reachable, judged from what the pool reports: a connection
 * that could not be made or broke marks the store unhealthy, the next successful
 * statement marks it healthy again. While unhealthy a probe runs every
 * PROBE_INTERVAL_MS, so /healthz recovers on a node that has no traffic.
 */
import { AppError } from '../../domain/errors.js';
import type { StoreHealth } from '../types.js';
import { DatabaseError, type Pool } from './pool.js';

const PROBE_INTERVAL_MS = 2000;

/**
 * SQLSTATE classes that mean the connection or the server is in trouble rather than
 * the statement: 08 connection exception, 53 insufficient resources (too many
 * connections, disk full), 57P operator intervention (shutdown, crash, not ready).
 */
function isServerTrouble(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57P');
}

/** Errors that say the pool cannot talk to PostgreSQL (refused, reset, timed out, terminated). */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof AppError) return false;
  if (err instanceof DatabaseError) return typeof err.code === 'string' && isServerTrouble(err.code);
  // pg reports network and pool-level failures as plain Errors (ECONNREFUSED,
  // "Connection terminated unexpectedly", "timeout exceeded when trying to connect").
  return err instanceof Error && !(err instanceof TypeError) && !(err instanceof RangeError);
}

export class PoolHealth {
  private failure: string | null = null;
  private closed = false;
  private probe: NodeJS.Timeout | null = null;

  constructor(private readonly pool: Pool) {
    // Without a listener an idle connection that breaks would crash the process.
    pool.on('error', (err) => this.noteError(err));
  }

  noteError(err: unknown): void {
    if (this.closed || !isConnectionFailure(err)) return;
    this.failure = `PostgreSQL unavailable: ${(err as Error).message}`;
    this.startProbe();
  }

  noteSuccess(): void {
    this.failure = null;
  }

  health(): StoreHealth {
    if (this.closed) return { ok: false, reason: 'store is closed' };
    if (this.failure) return { ok: false, reason: this.failure };
    return { ok: true };
  }

  markClosed(): void {
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  private startProbe(): void {
    if (this.probe) return;
    let running = false;
    this.probe = setInterval(() => {
      if (running) return;
      if (this.closed || !this.failure) {
        this.markProbeDone();
        return;
      }
      running = true;
      this.pool.query('SELECT 1').then(
        () => this.noteSuccess(),
        (err: unknown) => this.noteError(err),
      ).finally(() => {
        running = false;
      });
    }, PROBE_INTERVAL_MS);
    // The probe alone never keeps the process alive.
    this.probe.unref();
  }

  private markProbeDone(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }
}
