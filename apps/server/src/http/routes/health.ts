/**
 * GET /healthz (liveness, public) and GET /metrics (Prometheus text). /metrics carries
 * only counters, no user data, and is left open for scrapers, which cannot hold user
 * tokens; restrict it at the network edge when exposing the server publicly.
 */
import type { HttpDeps } from '../deps.js';
import type { Route } from '../router.js';

export function healthRoutes({ metrics, realtime }: HttpDeps): Route[] {
  return [
    {
      method: 'get',
      pattern: '/healthz',
      auth: false,
      async handle() {
        return { status: 200, json: { status: 'ok' } };
      },
    },
    {
      method: 'get',
      pattern: '/metrics',
      auth: false,
      async handle() {
        // Sampled at scrape time so the gauge is exact without per-socket bookkeeping here.
        metrics.openSockets.reset();
        for (const [channel, count] of Object.entries(realtime.socketCounts())) metrics.openSockets.set({ channel }, count);
        const text = await metrics.registry.metrics();
        return { status: 200, text, headers: { 'Content-Type': metrics.registry.contentType } };
      },
    },
  ];
}
