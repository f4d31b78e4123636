import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, registerUser, startTestServer, type TestServer } from '../harness.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('health, metrics and HTTP plumbing', () => {
  it('GET /healthz answers {status:"ok"} without a token', async () => {
    const res = await api(srv.url).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /metrics is Prometheus text with the open-socket gauge', async () => {
    const res = await fetch(`${srv.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('# TYPE parley_open_sockets gauge');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('unknown routes are 404 and wrong methods 405, both as JSON errors', async () => {
    const missing = await api(srv.url).get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const wrong = await api(srv.url).request('DELETE', '/posts');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toMatch(/GET/);
    expect(wrong.body.error.code).toBe('method_not_allowed');
    expect((await api(srv.url).get('/auth/login')).status).toBe(405);
  });

  it('answers CORS preflight and sends CORS headers on responses', async () => {
    const pre = await fetch(`${srv.url}/chats`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const get = await fetch(`${srv.url}/healthz`, { headers: { origin: 'http://localhost:5173' } });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses JSON bodies over the cap with 413', async () => {
    const u = await registerUser(srv.url);
    const res = await api(srv.url, u.token).request('POST', '/posts', { body: JSON.stringify({ content: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(413);
  });

  it('answers 429 with Retry-After once a user exceeds the write burst', async () => {
    // A slow refill (1 write/s) on a server of its own: with the default 10/s, a machine
    // busy enough to need 100 ms per request refills as fast as the test spends tokens,
    // and the burst is never exceeded. The refill that did happen is accounted for below.
    const perSecond = 1;
    const own = await startTestServer({ rateLimits: { ...srv.config.rateLimits, restWritesPerSecond: perSecond } });
    try {
      const burst = own.config.rateLimits.restWriteBurst;
      const u = await registerUser(own.url);
      const statuses: number[] = [];
      const started = Date.now();
      for (let i = 0; i < burst + 20; i++) {
        const res = await api(own.url, u.token).post('/posts', { content: `burst ${i}` });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.body.error.code).toBe('rate_limited');
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
          break;
        }
      }
      const refilled = Math.ceil(((Date.now() - started) / 1000) * perSecond);
      expect(statuses).toContain(429);
      const accepted = statuses.filter((s) => s === 201).length;
      expect(accepted).toBeGreaterThanOrEqual(burst);
      expect(accepted).toBeLessThanOrEqual(burst + refilled);
    } finally {
      await own.close();
    }
  });
});
