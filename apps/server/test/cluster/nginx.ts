/**
 * Runs deploy/nginx/parley.conf for real: a non-daemon nginx (Debian's package) with its
 * prefix in a temporary directory, the file's `upstream` servers replaced by the test
 * nodes and its `listen` by a free 127.0.0.1 port. Everything else is the shipped file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../harness.js';
import { freePort } from './freePort.js';

export const NGINX_BIN = '/usr/sbin/nginx';
const SHIPPED = fileURLToPath(new URL('../../../../deploy/nginx/parley.conf', import.meta.url));

export interface RunningNginx {
  port: number;
  url: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export function nginxAvailable(): boolean {
  return existsSync(NGINX_BIN);
}

/** The shipped site file with our upstreams and listen address. */
export async function siteConfig(upstreams: string[], port: number): Promise<string> {
  const shipped = await readFile(SHIPPED, 'utf8');
  const servers = upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;`).join('\n');
  const withUpstreams = shipped.replace(/(upstream parley \{[\s\S]*?)((?:\s*server [^;]+;)+)/, (_m, head: string) => `${head}\n${servers}`);
  const withListen = withUpstreams.replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  if (withListen === shipped || !withListen.includes(`listen 127.0.0.1:${port};`) || !withListen.includes(servers)) {
    throw new Error('deploy/nginx/parley.conf no longer has the upstream/listen lines this test rewrites');
  }
  return withListen;
}

export async function startNginx(upstreams: string[]): Promise<RunningNginx> {
  const prefix = await makeTempDir('parley-nginx-');
  await mkdir(join(prefix, 'logs'), { recursive: true });
  const port = await freePort();
  await writeFile(join(prefix, 'parley.conf'), await siteConfig(upstreams, port));
  const temp = (name: string) => join(prefix, name);
  // A minimal main file around the site file, everything inside the prefix.
  const main = `daemon off;
master_process off;
pid ${temp('nginx.pid')};
error_log ${temp('logs/error.log')} warn;
events { worker_connections 1024; }
http {
  access_log ${temp('logs/access.log')};
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  include ${temp('parley.conf')};
}
`;
  await writeFile(join(prefix, 'nginx.conf'), main);
  const child: ChildProcess = spawn(NGINX_BIN, ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Ready when it proxies /healthz; bounded.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (i > 100) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer /healthz: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // SIGTERM is nginx's fast shutdown; SIGQUIT would wait for every open WebSocket.
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
