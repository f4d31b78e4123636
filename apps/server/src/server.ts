/**
 * Composition root: builds the store, domain, HTTP routes and realtime gateway on one
 * uWebSockets.js app, and owns the listen socket. Nothing else wires modules together.
 */
import { App, us_listen_socket_close, us_socket_local_port, type us_listen_socket } from './transport/uws.js';
import type { ServerConfig } from './config.js';
import { createLogger, type Logger } from './observability/log.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { openStore } from './store/openStore.js';
import { createDomain } from './domain/createDomain.js';
import type { Domain } from './domain/domain.js';
import { registerHttpRoutes } from './http/routes.js';
import { attachRealtime } from './realtime/gateway.js';
import type { DomainEvent, EventSink } from './domain/events.js';
import { openCluster, type Cluster } from './bus/openCluster.js';
import { secureDataDir } from './fileModes.js';
import { startUploadSweeper } from './domain/uploadSweeper.js';

export interface ParleyServer {
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number>;
  /** Stops accepting, closes sockets with 1001, flushes and closes the store. Idempotent. */
  close(): Promise<void>;
  readonly log: Logger;
  readonly metrics: Metrics;
}

export async function createServer(config: ServerConfig): Promise<ParleyServer> {
  const log = createLogger(config);
  const metrics = createMetrics();
  for (const w of secureDataDir(config.dataDir, { sqlite: config.store === 'sqlite' })) {
    log.warn(w, w.tightened ? `${w.path} was readable by others (mode ${w.was}); tightened it` : `${w.path} is readable by others (mode ${w.was}) and could not be tightened`);
  }
  const store = await openStore({ dataDir: config.dataDir, storeUrl: config.store, log, metrics });

  let cluster: Cluster;
  try {
    cluster = await openCluster(config, log);
  } catch (err) {
    await store.close();
    throw err;
  }
  const { bus } = cluster;

  // Every domain event goes on the bus, and every node's realtime layer consumes the
  // bus — its own events included — so fan-out is written once. The in-memory bus calls
  // straight through, in the same tick. The sink is late-bound because the gateway needs
  // the domain (for auth) and the domain needs a sink to publish to.
  let realtimeSink: EventSink | null = null;
  const events: EventSink = {
    publish(event: DomainEvent) {
      bus.publish({ t: 'event', event });
    },
  };
  let observeChats: Domain['chats']['observe'] | null = null;
  bus.onMessage(({ msg }) => {
    if (msg.t !== 'event') return;
    // Membership changes from any node keep this node's member cache current.
    observeChats?.(msg.event);
    realtimeSink?.publish(msg.event);
  });
  const domain = await createDomain({ store, events, config, log });
  observeChats = domain.chats.observe;
  const sweeper = startUploadSweeper(domain.uploads, config.resourceLimits.uploadSweepIntervalMs, log);

  const app = App();
  const realtime = attachRealtime(app, { domain, config, log, metrics, presence: cluster.presence });
  realtimeSink = realtime.sink;
  // Events from other nodes may have been missed while the bus was away: clients resume.
  bus.onResync(() => {
    domain.chats.forgetCachedMembers();
    realtime.reconnectAll('event bus reconnected');
  });
  registerHttpRoutes(app, { domain, config, log, metrics, realtime });

  let listenSocket: us_listen_socket | null = null;
  let closing: Promise<void> | null = null;

  return {
    log,
    metrics,
    listen() {
      return new Promise((resolve, reject) => {
        app.listen(config.host, config.port, (socket) => {
          if (!socket) {
            reject(new Error(`cannot listen on ${config.host}:${config.port}`));
            return;
          }
          listenSocket = socket;
          const port = us_socket_local_port(socket as never);
          log.info({ host: config.host, port, dataDir: config.dataDir, store: store.kind, bus: bus.kind, node: bus.nodeId }, `Parley server listening on http://${config.host}:${port}`);
          resolve(port);
        });
      });
    },
    close() {
      closing ??= (async () => {
        if (listenSocket) us_listen_socket_close(listenSocket);
        listenSocket = null;
        await realtime.close();
        await sweeper.stop();
        await cluster.close();
        await store.close();
        log.info('Parley server stopped');
      })();
      return closing;
    },
  };
}
