/**
 * Prometheus metrics (prom-client) on a private registry, so several servers in one
 * process (tests) do not collide. `GET /metrics` renders `registry.metrics()`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** Open sockets, labelled by channel (`messages`, `feed`, …, `multiplexed`). */
  readonly openSockets: Gauge<'channel'>;
  /** Chat messages committed (rate() gives messages per second). */
  readonly messagesTotal: Counter;
  /** Frames published to channels/topics (rate() gives broadcasts per second). */
  readonly broadcastsTotal: Counter<'kind'>;
  /** Store operation latency. */
  readonly storeSeconds: Histogram<'op'>;
  /** Error frames and REST errors, by code. */
  readonly errorsTotal: Counter<'code' | 'via'>;
  /** Sockets closed by the server, by reason (slow_consumer, no_pong, …). */
  readonly serverClosesTotal: Counter<'reason'>;
  /** WebSocket upgrades refused by the per-user or per-address socket cap. */
  readonly socketCapRefusalsTotal: Counter<'scope'>;
  /** `after_seq` replays, by outcome: started, cancelled (superseded, left or closed) and completed. */
  readonly replaysTotal: Counter<'outcome'>;
  /** Replays whose reading loop has not returned yet (each may hold one page of rows). */
  readonly replaysRunning: Gauge;
  /** Records one store operation that started at `startedMs` (`performance.now()`). */
  observeStore(op: string, startedMs: number): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const storeSeconds = new Histogram({
    name: 'parley_store_seconds',
    help: 'Store operation latency in seconds',
    labelNames: ['op'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const storeChildren = new Map<string, Histogram.Internal<'op'>>();
  return {
    registry,
    openSockets: new Gauge({ name: 'parley_open_sockets', help: 'Open WebSocket connections by channel', labelNames: ['channel'], registers: [registry] }),
    messagesTotal: new Counter({ name: 'parley_messages_total', help: 'Chat messages committed', registers: [registry] }),
    broadcastsTotal: new Counter({ name: 'parley_broadcasts_total', help: 'Frames published to channels', labelNames: ['kind'], registers: [registry] }),
    storeSeconds,
    errorsTotal: new Counter({ name: 'parley_errors_total', help: 'Errors answered, by code and transport', labelNames: ['code', 'via'], registers: [registry] }),
    serverClosesTotal: new Counter({ name: 'parley_server_closes_total', help: 'Sockets closed by the server, by reason', labelNames: ['reason'], registers: [registry] }),
    socketCapRefusalsTotal: new Counter({ name: 'parley_socket_cap_refusals_total', help: 'Upgrades refused by a socket cap, by scope (user or ip)', labelNames: ['scope'], registers: [registry] }),
    replaysTotal: new Counter({ name: 'parley_replays_total', help: 'after_seq replays by outcome (started, cancelled, completed, failed)', labelNames: ['outcome'], registers: [registry] }),
    replaysRunning: new Gauge({ name: 'parley_replays_running', help: 'after_seq replays still reading or waiting to send', registers: [registry] }),
    observeStore(op, startedMs) {
      // One labelled child per op, kept: resolving labels on every observation costs
      // more than the observation on the store's hottest paths.
      let child = storeChildren.get(op);
      if (!child) storeChildren.set(op, (child = storeSeconds.labels({ op })));
      child.observe((performance.now() - startedMs) / 1000);
    },
  };
}
