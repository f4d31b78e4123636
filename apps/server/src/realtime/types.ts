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
   * Closes every socket with the "reconnect" close code (4000) so clients resume from
   * the store; used when the event bus may have dropped events.
   */
  reconnectAll(why: string): void;
  /**
   * Graceful shutdown: close every socket with 1001 (going away) so clients
   * reconnect and resume. Resolves when all are closed.
   */
  close(): Promise<void>;
}
