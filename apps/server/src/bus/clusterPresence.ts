/**
 * Presence across nodes: a user is online while any node holds a socket of theirs.
 *
 * Each node keeps the per-node grace logic of realtime/presence.ts for its own sockets
 * and publishes only its settled changes (first socket opened; grace period over after
 * the last closed). Every node keeps a view — which nodes hold which users — fed by those
 * messages, and announces a cluster-level change to its own sockets when a user's first
 * node appears or last node goes. Reconnecting to another node within the grace period
 * therefore never flaps: the new node's `online` arrives before the old node's `offline`.
 *
 * A node that shuts down gracefully publishes `node_down` with `graceful`; its users get
 * the grace period to show up on another node. A crashed node is found by the janitor
 * (nodeRegistry.ts) within 20 s and its users go offline at once — by then any client
 * that could reconnect has long done so elsewhere.
 */
import type { Logger } from '../observability/log.js';
import { Presence, type PresenceListener, type PresenceTracker } from '../realtime/presence.js';
import type { Envelope } from './bus.js';
import { NodeRegistry } from './nodeRegistry.js';
import type { RedisBus } from './redisBus.js';

/** Heartbeat TTL: a node that has not refreshed its key for this long is dead (see nodeRegistry.ts). */
export const NODE_TTL_MS = 15_000;

export interface ClusterPresenceOptions {
  bus: RedisBus;
  graceMs: number;
  log: Logger;
  ttlMs?: number;
}

export class ClusterPresence implements PresenceTracker {
  private readonly self: string;
  private readonly local: Presence;
  private readonly registry: NodeRegistry;
  /** node → users online there (this node included). */
  private readonly byNode = new Map<string, Set<number>>();
  /** user → how many nodes hold them. */
  private readonly nodeCount = new Map<number, number>();
  /** Users whose last node left gracefully: offline unless a node claims them in time. */
  private readonly grace = new Map<number, NodeJS.Timeout>();
  private readonly listeners: PresenceListener[] = [];
  /** Messages that arrive while the start-up snapshot loads, applied after it. */
  private buffered: Envelope[] | null = null;
  private stopped = false;

  constructor(private readonly opts: ClusterPresenceOptions) {
    this.self = opts.bus.nodeId;
    this.local = new Presence(opts.graceMs);
    this.registry = new NodeRegistry({
      bus: opts.bus,
      log: opts.log,
      ttlMs: opts.ttlMs ?? NODE_TTL_MS,
      localUsers: () => [...(this.byNode.get(this.self) ?? [])],
      knownNodes: () => this.byNode.keys(),
      onDead: (node) => this.dropNode(node, false),
    });
    this.local.onChange((userId, online) => {
      this.set(this.self, userId, online, false);
      this.registry.setLocal(userId, online);
    });
    opts.bus.onMessage((envelope) => {
      if (this.buffered) this.buffered.push(envelope);
      else this.apply(envelope);
    });
    opts.bus.onResync(() => this.registry.resynced());
  }

  /**
   * Registers this node and loads everyone's users. Messages received meanwhile are
   * applied afterwards, in order: each states a fact newer than the snapshot it follows.
   */
  async start(): Promise<void> {
    this.buffered = [];
    try {
      const snapshot = await this.registry.start();
      for (const [node, users] of snapshot) this.replaceNode(node, users);
    } finally {
      const pending = this.buffered ?? [];
      this.buffered = null;
      for (const envelope of pending) this.apply(envelope);
    }
  }

  onChange(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  opened(userId: number): void {
    this.local.opened(userId);
  }

  closed(userId: number): void {
    this.local.closed(userId);
  }

  isOnline(userId: number): boolean {
    return this.nodeCount.has(userId) || this.grace.has(userId) || this.local.isOnline(userId);
  }

  /** Stops announcing (called by the gateway at shutdown, before the sockets close). */
  stop(): void {
    this.stopped = true;
    this.local.stop();
    for (const timer of this.grace.values()) clearTimeout(timer);
    this.grace.clear();
  }

  /** Leaves the cluster: peers give this node's users the grace period to reconnect elsewhere. */
  async leave(): Promise<void> {
    this.stop();
    await this.registry.leave();
  }

  private apply({ node, msg }: Envelope): void {
    if (node === this.self) {
      // Our own changes were applied when they happened; a janitor that declared us dead
      // (a long stall) is answered by writing our state again.
      if (msg.t === 'node_down' && msg.node === this.self && !msg.graceful && !this.stopped) this.registry.reassert();
      return;
    }
    switch (msg.t) {
      case 'presence':
        this.set(node, msg.userId, msg.online, false);
        break;
      case 'node_users':
        this.replaceNode(node, msg.userIds);
        break;
      case 'node_down':
        if (msg.node === this.self) {
          if (!this.stopped) this.registry.reassert();
        } else this.dropNode(msg.node, msg.graceful);
        break;
      default:
        break;
    }
  }

  private replaceNode(node: string, userIds: number[]): void {
    const next = new Set(userIds);
    for (const userId of [...(this.byNode.get(node) ?? [])]) if (!next.has(userId)) this.set(node, userId, false, false);
    for (const userId of next) this.set(node, userId, true, false);
  }

  private dropNode(node: string, withGrace: boolean): void {
    for (const userId of [...(this.byNode.get(node) ?? [])]) this.set(node, userId, false, withGrace);
    this.byNode.delete(node);
  }

  private set(node: string, userId: number, present: boolean, withGrace: boolean): void {
    let users = this.byNode.get(node);
    if (present) {
      if (users?.has(userId)) return;
      if (!users) this.byNode.set(node, (users = new Set()));
      users.add(userId);
      const n = (this.nodeCount.get(userId) ?? 0) + 1;
      this.nodeCount.set(userId, n);
      if (n > 1) return;
      const pending = this.grace.get(userId);
      if (pending) {
        // Back on some node within the grace period: nobody saw them leave.
        clearTimeout(pending);
        this.grace.delete(userId);
        return;
      }
      this.emit(userId, true);
      return;
    }
    if (!users?.delete(userId)) return;
    if (users.size === 0) this.byNode.delete(node);
    const n = (this.nodeCount.get(userId) ?? 1) - 1;
    if (n > 0) {
      this.nodeCount.set(userId, n);
      return;
    }
    this.nodeCount.delete(userId);
    if (!withGrace || this.stopped) return this.emit(userId, false);
    const timer = setTimeout(() => {
      this.grace.delete(userId);
      if (!this.nodeCount.has(userId)) this.emit(userId, false);
    }, this.opts.graceMs);
    timer.unref();
    this.grace.set(userId, timer);
  }

  private emit(userId: number, online: boolean): void {
    if (this.stopped) return;
    for (const listener of this.listeners) listener(userId, online);
  }
}
