/**
 * What the composition root (`server.ts`) gets back from the realtime layer.
 */
import type { EventSink } from '../domain/events.js';

export interface Realtime {
  /** Domain events go in here; the realtime layer fans them out to sockets. */
  readonly sink: EventSink;
  /** Open sockets, by endpoint/channel label, for /metrics. */
  socketCounts(): Record<string, number>;
  /**
   * Graceful shutdown: close every socket with 1001 (going away) so clients
   * reconnect and resume. Resolves when all are closed.
   */
  close(): Promise<void>;
}
