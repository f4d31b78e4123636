/**
 * Every Redis name the bus uses, under the configured prefix. Pub/sub channels are
 * global to a Redis server (the database index does not separate them), so the prefix
 * is what keeps two clusters — or two test runs — apart.
 */
export interface BusKeys {
  /** The one pub/sub channel: one channel keeps each publisher's messages in order. */
  readonly events: string;
  /** Set of node ids that registered and have not been cleaned up. */
  readonly nodes: string;
  /** String with a TTL, refreshed by the node's heartbeat: gone means the node is dead. */
  alive(node: string): string;
  /** Set of user ids online on that node (after the node's grace period). */
  users(node: string): string;
}

export function busKeys(prefix: string): BusKeys {
  return {
    events: `${prefix}:events`,
    nodes: `${prefix}:nodes`,
    alive: (node) => `${prefix}:alive:${node}`,
    users: (node) => `${prefix}:users:${node}`,
  };
}
