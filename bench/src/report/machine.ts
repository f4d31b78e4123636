/** The machine and versions, printed with every result so figures are never read without their context. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function version(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function python(): string {
  try {
    return execFileSync('/usr/bin/python3', ['-c', 'import sys,fastapi,uvicorn,websockets;print(sys.version.split()[0],fastapi.__version__,uvicorn.__version__,websockets.__version__)'], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    return 'not installed';
  }
}

export function describeMachine(): Record<string, string> {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  const [py, fastapi, uvicorn, websockets] = python().split(' ');
  return {
    cpu: `${cpus().length} × ${model}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    node: process.version,
    ws: version('ws'),
    'socket.io': version('socket.io'),
    'better-sqlite3': version('better-sqlite3'),
    'uWebSockets.js': version('@trufflesuite/uws-js-unofficial'),
    python: py ?? '?',
    fastapi: fastapi ?? 'not installed',
    uvicorn: uvicorn ?? 'not installed',
    websockets: websockets ?? 'not installed',
  };
}
