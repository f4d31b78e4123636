/**
 * Hostile: one account (or one address) opening sockets until the node runs out of file
 * descriptors. Past the cap the upgrade is refused with 429 and a message naming the
 * cap; closing a socket frees its place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_DEFAULTS } from '../../src/limitsConfig.js';
import { api, registerTrio, startTestServer, type TestServer, type TestUser } from '../harness.js';
import { refusedUpgrade, wsUrl, type TestSocket } from './client.js';
import { closeAll, open } from './fixtures.js';

let srv: TestServer;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;

beforeAll(async () => {
  srv = await startTestServer({ resourceLimits: { ...LIMIT_DEFAULTS, maxSocketsPerUser: 3, maxSocketsPerIp: 5 } });
  ({ ann, ben, cat } = await registerTrio(srv.url, { connect: false }));
});
afterAll(async () => {
  await srv?.close();
});

describe('socket caps', () => {
  it('refuses an account its fourth socket with 429 until one closes', async () => {
    const mine: TestSocket[] = await Promise.all([open(srv, ann, null), open(srv, ann, 'feed'), open(srv, ann, 'online')]);
    for (const path of ['/ws', '/ws/feed']) {
      const refused = await refusedUpgrade(wsUrl(srv.wsUrl, path, { token: ann.token }));
      expect(refused.status).toBe(429);
      expect(refused.body.error).toEqual({ code: 'rate_limited', message: expect.stringContaining('too many open connections for this account (at most 3)') });
    }
    // Another account is not affected by Ann's cap.
    const bens = await open(srv, ben, null);
    await mine.pop()!.close();
    const again = await open(srv, ann, null);
    await closeAll([...mine, again, bens]);
  });

  it('refuses the address its sixth socket whoever signs in, and counts refusals in /metrics', async () => {
    const sockets: TestSocket[] = [];
    for (const user of [ann, ann, ben, ben, cat]) sockets.push(await open(srv, user, null));
    const refused = await refusedUpgrade(wsUrl(srv.wsUrl, '/ws', { token: cat.token }));
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain('too many open connections from this address (at most 5)');
    await closeAll(sockets);
    // Closed sockets give their places back: a burst up to the cap opens again.
    const again = await Promise.all([ann, ben, cat].map((u) => open(srv, u, null)));
    await closeAll(again);
    const metrics = (await api(srv.url).get('/metrics')).body as string;
    expect(metrics).toMatch(/parley_socket_cap_refusals_total\{scope="user"\} [1-9]/);
    expect(metrics).toMatch(/parley_socket_cap_refusals_total\{scope="ip"\} [1-9]/);
  });

  it('gives the place back when an upgrade is refused after the token check (a chat the user is not in)', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await refusedUpgrade(wsUrl(srv.wsUrl, '/ws/messages/987654', { token: ann.token }))).status).toBe(403);
    }
    const three = await Promise.all([0, 1, 2].map(() => open(srv, ann, null)));
    await closeAll(three);
  });
});
