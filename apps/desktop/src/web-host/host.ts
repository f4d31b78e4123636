/**
 * The web host: the desktop app's main-process core (node/) in a plain Node process,
 * for tests and development where Electron cannot run. It serves the renderer over
 * HTTP on 127.0.0.1, answers the bridge over a WebSocket, and stands in for the OS
 * shell: alerts are recorded (GET /__test/alerts) instead of shown, the tray state is
 * readable (GET /__test/tray), and the power/network signals can be sent
 * (POST /__test/signal/resume, /__test/signal/network-up), and links main would open in
 * the browser are recorded (GET /__test/opened). Not shipped.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { OsAlert } from '../node/alerts/policy.js';
import type { ContactView } from '../common/views.js';
import { createCore, type Core } from '../node/app/core.js';
import { FileSecretStore } from '../node/session/secretStore.js';
import { attachBridge } from './bridgeSocket.js';
import { serveStatic } from './staticFiles.js';

export interface WebHostOptions {
  dataDir: string;
  serverUrl?: string;
  port?: number;
  rendererDir: string;
}

export interface WebHost {
  url: string;
  core: Core;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const core = await createCore({
    dataDir: options.dataDir,
    secrets: new FileSecretStore(join(options.dataDir, 'session-token')),
    ...(options.serverUrl ? { serverUrl: options.serverUrl } : {}),
  });
  const alerts: (OsAlert & { at: string })[] = [];
  const tray = { badge: 0, online: [] as Pick<ContactView, 'id' | 'full_name'>[] };
  core.shell.on('alert', (alert) => alerts.push({ ...alert, at: new Date().toISOString() }));
  const opened: string[] = [];
  core.shell.on('openExternal', (href) => void opened.push(href));
  core.shell.on('badge', (badge) => void (tray.badge = badge));
  core.shell.on('contacts', (contacts) => void (tray.online = contacts.filter((c) => c.online).map((c) => ({ id: c.id, full_name: c.full_name }))));

  let origin = '';
  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const json = (value: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (path === '/__test/alerts' && req.method === 'GET') return json(alerts);
    if (path === '/__test/tray' && req.method === 'GET') return json(tray);
    if (path === '/__test/opened' && req.method === 'GET') return json(opened);
    if (path === '/__test/signal/resume' && req.method === 'POST') {
      core.resume();
      return json({ ok: true });
    }
    if (path === '/__test/signal/network-up' && req.method === 'POST') {
      core.networkUp();
      return json({ ok: true });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    void serveStatic(options.rendererDir, req, res);
  });
  attachBridge(http, core, () => origin);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    core,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await core.close();
    },
  };
}
