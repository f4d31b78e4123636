/**
 * The single place that picks the bus from configuration. Without `--bus` a node is
 * alone: an in-process bus and the realtime layer's own presence, exactly as before the
 * bus existed. With `--bus redis://…` events travel through Redis and presence is
 * cluster-wide.
 */
import type { ServerConfig } from '../config.js';
import type { Logger } from '../observability/log.js';
import type { PresenceTracker } from '../realtime/presence.js';
import type { Bus } from './bus.js';
import { ClusterPresence } from './clusterPresence.js';
import { MemoryBus } from './memoryBus.js';
import { RedisBus } from './redisBus.js';

export interface Cluster {
  readonly bus: Bus;
  /** Cluster-wide presence, or null to let the realtime layer track presence alone. */
  readonly presence: PresenceTracker | null;
  /** Leaves the cluster (peers are told) and closes the bus connections. */
  close(): Promise<void>;
}

export async function openCluster(config: Pick<ServerConfig, 'bus' | 'busPrefix' | 'presenceGraceMs'>, log: Logger): Promise<Cluster> {
  if (!config.bus) {
    const bus = new MemoryBus();
    return { bus, presence: null, close: () => bus.close() };
  }
  const bus = await RedisBus.open(config.bus, config.busPrefix, log);
  const presence = new ClusterPresence({ bus, graceMs: config.presenceGraceMs, log });
  try {
    await presence.start();
  } catch (err) {
    await presence.leave().catch(() => undefined);
    await bus.close();
    throw err;
  }
  return {
    bus,
    presence,
    async close() {
      await presence.leave();
      await bus.close();
    },
  };
}
