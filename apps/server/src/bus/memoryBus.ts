/**
 * The single-node bus: a synchronous call into the local handlers, so a domain event
 * reaches sockets in the same tick it was published, exactly as without a bus. It never
 * disconnects, so it never asks for a resync.
 */
import { randomUUID } from 'node:crypto';
import type { Bus, BusHandler, BusMessage } from './bus.js';

export class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  readonly nodeId = randomUUID();
  private readonly handlers: BusHandler[] = [];

  publish(msg: BusMessage): void {
    const envelope = { node: this.nodeId, msg };
    for (const handler of this.handlers) handler(envelope);
  }

  onMessage(handler: BusHandler): void {
    this.handlers.push(handler);
  }

  onResync(): void {
    // Nothing can be lost in process.
  }

  async close(): Promise<void> {
    this.handlers.length = 0;
  }
}
