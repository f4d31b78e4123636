/**
 * This node's entry in Redis, and the janitor that removes dead nodes.
 *
 *  - `alive:<node>` has a TTL of `ttlMs` (15 s) and is refreshed every ttl/3 (5 s), so a
 *    node survives two missed heartbeats (a GC pause, a slow Redis) but not a crash.
 *  - `users:<node>` holds the node's online users. Each change is written before its
 *    presence message is published, on the same connection, so anyone who reads the set
 *    and then receives messages sees a consistent history.
 *  - Every node runs the janitor every ttl/3: a known node whose `alive` key is gone is
 *    dead; its entries are removed and `node_down` is published, so its users go offline
 *    for everyone within ttl + ttl/3 (20 s) of the crash.
 *
 * A heartbeat that finds its own `alive` key missing (Redis restarted and lost its data,
 * or a janitor declared this node dead after a long stall) writes the node's whole state
 * again and publishes it, so the cluster heals without a restart.
 */
import type { Logger } from '../observability/log.js';
import type { RedisBus } from './redisBus.js';

export interface NodeRegistryOptions {
  bus: RedisBus;
  log: Logger;
  ttlMs: number;
  /** Users online on this node right now (after its grace period). */
  localUsers(): number[];
  /** Nodes this node believes hold users: checked by the janitor too. */
  knownNodes(): Iterable<string>;
  /** The janitor found `node` dead. */
  onDead(node: string): void;
}

export class NodeRegistry {
  private readonly self: string;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private janitorTimer: NodeJS.Timeout | null = null;
  /** After a reconnect, live nodes need one heartbeat to re-register before anyone is judged. */
  private judgeAfter = 0;
  private janitorRunning = false;

  constructor(private readonly opts: NodeRegistryOptions) {
    this.self = opts.bus.nodeId;
  }

  private get redis() {
    return this.opts.bus.commands;
  }

  private get keys() {
    return this.opts.bus.keys;
  }

  /** Registers this node, starts the timers and returns every live node's users. */
  async start(): Promise<Map<string, number[]>> {
    await this.redis
      .multi()
      .del(this.keys.users(this.self))
      .set(this.keys.alive(this.self), '1', 'PX', this.opts.ttlMs)
      .sadd(this.keys.nodes, this.self)
      .exec();
    const period = Math.max(100, Math.floor(this.opts.ttlMs / 3));
    this.heartbeatTimer = setInterval(() => this.heartbeat(), period);
    // janitor() logs its own failures and never rejects.
    this.janitorTimer = setInterval(() => void this.janitor().catch(() => undefined), period);
    this.heartbeatTimer.unref();
    this.janitorTimer.unref();
    return this.snapshot();
  }

  /** Records a local presence change, then announces it (same connection: in this order). */
  setLocal(userId: number, online: boolean): void {
    const key = this.keys.users(this.self);
    (online ? this.redis.sadd(key, userId) : this.redis.srem(key, userId)).catch((err: unknown) => {
      this.opts.log.debug({ err: (err as Error).message, userId }, 'presence write failed; rewritten on reconnect');
    });
    this.opts.bus.publish({ t: 'presence', userId, online });
  }

  /** Writes this node's whole state again and publishes it (after a reconnect or a false death). */
  reassert(): void {
    const users = this.opts.localUsers();
    const tx = this.redis.multi().del(this.keys.users(this.self));
    if (users.length > 0) tx.sadd(this.keys.users(this.self), ...users);
    tx.set(this.keys.alive(this.self), '1', 'PX', this.opts.ttlMs).sadd(this.keys.nodes, this.self);
    tx.exec().catch((err: unknown) => this.opts.log.debug({ err: (err as Error).message }, 'presence reassert failed'));
    this.opts.bus.publish({ t: 'node_users', userIds: users });
  }

  /** The bus reconnected: re-register now and let every node do the same before judging. */
  resynced(): void {
    this.judgeAfter = Date.now() + this.opts.ttlMs;
    this.reassert();
  }

  /** Graceful shutdown: remove this node and tell the others (they keep its users for the grace period). */
  async leave(): Promise<void> {
    this.stopTimers();
    if (!this.opts.bus.connected) return;
    try {
      await this.redis.multi().del(this.keys.alive(this.self)).del(this.keys.users(this.self)).srem(this.keys.nodes, this.self).exec();
      this.opts.bus.publish({ t: 'node_down', node: this.self, graceful: true });
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'leaving the cluster failed; the janitor will remove this node');
    }
  }

  stopTimers(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.janitorTimer) clearInterval(this.janitorTimer);
    this.heartbeatTimer = this.janitorTimer = null;
  }

  private async snapshot(): Promise<Map<string, number[]>> {
    const nodes = (await this.redis.smembers(this.keys.nodes)).filter((n) => n !== this.self);
    const result = new Map<string, number[]>();
    if (nodes.length === 0) return result;
    const alive = await this.exists(nodes);
    const live = nodes.filter((_, i) => alive[i]);
    const pipe = this.redis.pipeline();
    for (const node of live) pipe.smembers(this.keys.users(node));
    const replies = (await pipe.exec()) ?? [];
    live.forEach((node, i) => {
      const [err, members] = replies[i] ?? [null, []];
      if (!err) result.set(node, (members as string[]).map(Number));
    });
    return result;
  }

  private heartbeat(): void {
    if (!this.opts.bus.connected) return;
    // GET returns the previous value: null means our key had vanished.
    this.redis
      .call('SET', this.keys.alive(this.self), '1', 'PX', String(this.opts.ttlMs), 'GET')
      .then((previous) => {
        if (previous === null) {
          this.opts.log.warn('this node was missing from the cluster registry; re-registering');
          this.reassert();
        } else void this.redis.sadd(this.keys.nodes, this.self).catch(() => undefined);
      })
      .catch((err: unknown) => this.opts.log.debug({ err: (err as Error).message }, 'heartbeat failed'));
  }

  private async janitor(): Promise<void> {
    if (this.janitorRunning || !this.opts.bus.connected || Date.now() < this.judgeAfter) return;
    this.janitorRunning = true;
    try {
      const registered = await this.redis.smembers(this.keys.nodes);
      const candidates = [...new Set([...registered, ...this.opts.knownNodes()])].filter((n) => n !== this.self);
      if (candidates.length === 0) return;
      const alive = await this.exists(candidates);
      const dead = candidates.filter((_, i) => !alive[i]);
      for (const node of dead) {
        await this.redis.multi().srem(this.keys.nodes, node).del(this.keys.users(node)).exec();
        this.opts.log.warn({ node }, 'cluster node stopped heart-beating; its users are offline');
        this.opts.bus.publish({ t: 'node_down', node, graceful: false });
        this.opts.onDead(node);
      }
    } catch (err) {
      this.opts.log.debug({ err: (err as Error).message }, 'janitor pass failed');
    } finally {
      this.janitorRunning = false;
    }
  }

  private async exists(nodes: string[]): Promise<boolean[]> {
    const pipe = this.redis.pipeline();
    for (const node of nodes) pipe.exists(this.keys.alive(node));
    const replies = (await pipe.exec()) ?? [];
    return nodes.map((_, i) => {
      const [err, n] = replies[i] ?? [null, 0];
      // An error is not proof of death: treat the node as alive this round.
      return err !== null || n === 1;
    });
  }
}
