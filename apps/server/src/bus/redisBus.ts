/**
 * The multi-node bus on Redis pub/sub (ioredis): one connection publishes (and runs the
 * presence commands, so a SADD and the PUBLISH after it stay in order), one subscribes.
 * All messages share one channel, so each node's messages reach every node in the order
 * it published them (Redis keeps order per publishing connection).
 *
 * Redis down: commands fail fast (no offline queue, which would replay stale traffic
 * minutes later). Events published meanwhile are delivered to this node's own sockets
 * directly, so people on one node keep talking; other nodes miss them. When both
 * connections are back, `onResync` fires and the server makes every client resume from
 * the store, which has everything.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../observability/log.js';
import type { Bus, BusHandler, BusMessage, Envelope } from './bus.js';
import { busKeys, type BusKeys } from './keys.js';

/** Starting against an unreachable Redis fails after this long with a readable error. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Reconnect backoff: quick at first, at most 2 s apart so recovery is prompt. */
const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);

export class RedisBus implements Bus {
  readonly kind = 'redis' as const;
  readonly nodeId = randomUUID();
  readonly keys: BusKeys;
  /** Commands and PUBLISH. Exposed for the cluster presence registry. */
  readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly handlers: BusHandler[] = [];
  private readonly resyncHandlers: (() => void)[] = [];
  /** Set when either connection dropped after the first connect; cleared by the resync. */
  private lost = false;
  private closed = false;

  private constructor(url: string, prefix: string, private readonly log: Logger) {
    this.keys = busKeys(prefix);
    const options = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy, connectionName: `parley-${this.nodeId}` };
    this.commands = new Redis(url, options);
    this.subscriber = new Redis(url, { ...options, connectionName: `parley-sub-${this.nodeId}` });
    for (const [name, conn] of [['commands', this.commands], ['subscriber', this.subscriber]] as const) {
      // Without a listener ioredis logs every failed reconnect attempt to stderr.
      conn.on('error', (err: Error) => log.debug({ err: err.message, connection: name }, 'redis bus connection error'));
      conn.on('close', () => this.connectionLost(name));
      conn.on('ready', () => this.connectionReady());
    }
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel === this.keys.events) this.receive(text);
    });
  }

  /** Connects both connections and subscribes; rejects if Redis cannot be reached. */
  static async open(url: string, prefix: string, log: Logger): Promise<RedisBus> {
    const bus = new RedisBus(url, prefix, log);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`cannot reach the Redis bus at ${redactUrl(url)} within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    });
    try {
      await Promise.race([Promise.all([bus.commands.connect(), bus.subscriber.connect()]), timeout]);
      await Promise.race([bus.subscriber.subscribe(bus.keys.events), timeout]);
    } catch (err) {
      bus.closed = true;
      bus.commands.disconnect();
      bus.subscriber.disconnect();
      throw err instanceof Error && err.message.startsWith('cannot reach') ? err : new Error(`cannot reach the Redis bus at ${redactUrl(url)}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    log.info({ bus: redactUrl(url), prefix, node: bus.nodeId }, 'redis bus connected');
    return bus;
  }

  get connected(): boolean {
    return this.commands.status === 'ready' && this.subscriber.status === 'ready';
  }

  publish(msg: BusMessage): void {
    const envelope: Envelope = { node: this.nodeId, msg };
    const subscribed = this.subscriber.status === 'ready';
    if (this.commands.status !== 'ready') {
      this.lost = true;
      this.deliver(envelope);
      return;
    }
    // Without our own subscription the loop-back would not come: serve local sockets now.
    if (!subscribed) this.deliver(envelope);
    this.commands.publish(this.keys.events, JSON.stringify(envelope)).catch((err: unknown) => {
      this.lost = true;
      this.log.warn({ err: (err as Error).message, kind: msg.t }, 'bus publish failed; delivering locally only');
      if (subscribed) this.deliver(envelope);
    });
  }

  onMessage(handler: BusHandler): void {
    this.handlers.push(handler);
  }

  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.subscriber.quit(), this.commands.quit()]);
    this.subscriber.disconnect();
    this.commands.disconnect();
  }

  private receive(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch (err) {
      this.log.error({ err }, 'undecodable bus message');
      return;
    }
    this.deliver(envelope);
  }

  private deliver(envelope: Envelope): void {
    for (const handler of this.handlers) {
      try {
        handler(envelope);
      } catch (err) {
        this.log.error({ err, kind: envelope.msg.t }, 'bus handler failed');
      }
    }
  }

  private connectionLost(name: string): void {
    if (this.closed || this.lost) return;
    this.lost = true;
    this.log.warn({ connection: name }, 'redis bus connection lost; live events from other nodes are paused');
  }

  private connectionReady(): void {
    if (this.closed || !this.lost || !this.connected) return;
    this.lost = false;
    // ioredis re-subscribes right after 'ready'; confirm it before peers are asked to
    // republish their state, or our own subscription could miss the answers.
    this.subscriber.subscribe(this.keys.events).then(
      () => {
        this.log.warn('redis bus reconnected; clients resume from the store');
        for (const handler of this.resyncHandlers) {
          try {
            handler();
          } catch (err) {
            this.log.error({ err }, 'bus resync handler failed');
          }
        }
      },
      (err: unknown) => {
        // The connection dropped again; its next 'ready' retries.
        this.lost = true;
        this.log.warn({ err: (err as Error).message }, 'redis bus resubscribe failed');
      },
    );
  }
}

/** A bus URL may carry a password; logs get the host only. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://?';
  }
}
