import type { ServerConfig } from '../config.js';
import type { Domain } from '../domain/domain.js';
import type { Logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { Realtime } from '../realtime/types.js';

/** What every route group may use. */
export interface HttpDeps {
  domain: Domain;
  config: ServerConfig;
  log: Logger;
  metrics: Metrics;
  realtime: Realtime;
}
