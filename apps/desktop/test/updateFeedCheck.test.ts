/**
 * A self-hosted update feed as a self-hoster publishes it (a static folder over HTTP:
 * latest-linux.yml plus the artifact), checked with `npm run check-update-feed`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const desktopDir = fileURLToPath(new URL('../', import.meta.url));
const artifact = Buffer.alloc(64 * 1024, 7);
const sha512 = createHash('sha512').update(artifact).digest('base64');
let declaredSize = artifact.length;
let server: Server;
let feedUrl: string;

function latestLinuxYml(): string {
  return [
    'version: 0.2.0',
    'files:',
    '  - url: Parley-0.2.0.AppImage',
    `    sha512: ${sha512}`,
    `    size: ${declaredSize}`,
    'path: Parley-0.2.0.AppImage',
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-30T12:00:00.000Z'",
    '',
  ].join('\n');
}

function check(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/web-host/checkUpdateFeed.ts', ...args], { cwd: desktopDir });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/desktop/latest-linux.yml') return void res.end(latestLinuxYml());
    if (req.url === '/desktop/Parley-0.2.0.AppImage') {
      res.setHeader('Content-Length', artifact.length);
      return void res.end(req.method === 'HEAD' ? undefined : artifact);
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  feedUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/desktop`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('check-update-feed', () => {
  it('reads the published feed, checks the artifact, and says what an older app would do', async () => {
    declaredSize = artifact.length;
    const { code, out } = await check(feedUrl, '--platform', 'linux', '--arch', 'x64', '--current', '0.1.0');
    expect(out).toContain(`${feedUrl}/latest-linux.yml: version 0.2.0, released 2026-11-30T12:00:00.000Z`);
    expect(out).toContain(`ok ${feedUrl}/Parley-0.2.0.AppImage (${artifact.length} bytes)`);
    expect(out).toContain('an app at 0.1.0 would install 0.2.0');
    expect(code).toBe(0);
  });

  it('an app already at that version stays', async () => {
    declaredSize = artifact.length;
    const { code, out } = await check(feedUrl, '--platform', 'linux', '--arch', 'x64', '--current', '0.2.0');
    expect(out).toContain('an app at 0.2.0 would stay (current)');
    expect(code).toBe(0);
  });

  it('fails, naming the problem, when the artifact does not match the feed or the channel file is missing', async () => {
    declaredSize = artifact.length + 1;
    const wrongSize = await check(feedUrl, '--platform', 'linux', '--arch', 'x64');
    expect(wrongSize.code).toBe(1);
    expect(wrongSize.out).toContain(`${artifact.length} bytes served, the feed says ${artifact.length + 1}`);
    const arm = await check(feedUrl, '--platform', 'linux', '--arch', 'arm64');
    expect(arm.code).toBe(1);
    expect(arm.out).toContain('latest-linux-arm64.yml: HTTP 404');
  });
});
