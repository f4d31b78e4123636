/**
 * The bus carries what every node must see: domain events (after commit) and presence
 * changes. Each node's realtime layer consumes events from the bus — its own included —
 * so fan-out logic lives in one place whether there is one node or many.
 *
 * Contract (what the realtime layer relies on):
 *  - Every node receives every message published by any node, its own included, while
 *    connected. Messages from one node arrive in the order that node published them,
 *    so one chat's events from one node keep their seq order.
 *  - Messages from different nodes have no common order: two members sending to one
 *    chat through two nodes can be seen in either order. Clients order and deduplicate
 *    by `seq`, and resume (`after_seq`) reads the store, which has no such gap.
 *  - A node that lost its connection to the bus may have missed messages; `onResync`
 *    fires once it is back, and the node makes its clients resume from the store.
 */
import type { DomainEvent } from '../domain/events.js';

export type BusMessage =
  | { t: 'event'; event: DomainEvent }
  /** The user opened their first socket on the origin node, or its grace period after the last one ended. */
  | { t: 'presence'; userId: number; online: boolean }
  /** The origin node's full list of online users (after a reconnect), replacing what peers knew. */
  | { t: 'node_users'; userIds: number[] }
  /** `node` left the cluster: it shut down (`graceful`) or the janitor found it dead. */
  | { t: 'node_down'; node: string; graceful: boolean };

export interface Envelope {
  /** The node that published the message. */
  node: string;
  msg: BusMessage;
}

export type BusHandler = (envelope: Envelope) => void;

export interface Bus {
  readonly kind: 'memory' | 'redis';
  /** Random per process start: a restarted node is a new node. */
  readonly nodeId: string;
  /** Fire and forget; delivery problems are the bus's to log and recover from. */
  publish(msg: BusMessage): void;
  onMessage(handler: BusHandler): void;
  /** Called after a lost bus connection came back: messages in between may be missing. */
  onResync(handler: () => void): void;
  close(): Promise<void>;
}
