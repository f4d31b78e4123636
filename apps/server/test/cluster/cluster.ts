/**
 * A Parley cluster for tests: N real server processes on one fresh PostgreSQL database
 * and one Redis bus with a prefix of its own (parallel runs never hear each other), on
 * ephemeral 127.0.0.1 ports. The nodes share a data directory, as they would share a
 * volume in production: it holds the JWT secret file and uploads.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../src/store/postgres/testing.js';
import { makeTempDir, spawnServerProcess, type ServerProcess } from '../harness.js';
import { dropRedisPrefix, REDIS_URL } from './services.js';

export interface Node {
  name: string;
  proc: ServerProcess;
  url: string;
  wsUrl: string;
}

export interface TestCluster {
  nodes: Node[];
  db: TestDatabase;
  prefix: string;
  dataDir: string;
  /** SIGKILL: no close frames, no leaving the cluster — a crash. */
  kill(node: Node): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(size: number): Promise<TestCluster> {
  const db = await createTestDatabase();
  const dataDir = await makeTempDir('parley-cluster-');
  const prefix = `parley-test-${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  const args = ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--store', db.url, '--bus', REDIS_URL, '--bus-prefix', prefix, '--log-level', 'info'];
  const started = await Promise.allSettled(
    Array.from({ length: size }, () => spawnServerProcess(args, { timeoutMs: 60_000, env: { PARLEY_JWT_SECRET: secret } })),
  );
  const procs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const nodes: Node[] = procs.map((proc, i) => ({ name: String.fromCharCode(65 + i), proc, url: proc.url, wsUrl: proc.url.replace('http:', 'ws:') }));
  const cluster: TestCluster = {
    nodes,
    db,
    prefix,
    dataDir,
    async kill(node) {
      if (node.proc.child.exitCode !== null || node.proc.child.signalCode !== null) return;
      node.proc.child.kill('SIGKILL');
      await node.proc.exited;
    },
    async close() {
      await Promise.all(
        nodes.map(async (n) => {
          if (n.proc.child.exitCode !== null || n.proc.child.signalCode !== null) return;
          n.proc.child.kill('SIGTERM');
          const t = setTimeout(() => n.proc.child.kill('SIGKILL'), 10_000);
          await n.proc.exited;
          clearTimeout(t);
        }),
      );
      // PARLEY_CLUSTER_LOGS=<dir> keeps every node's log lines for a post-mortem.
      const keep = process.env.PARLEY_CLUSTER_LOGS;
      if (keep) {
        await mkdir(keep, { recursive: true });
        for (const n of nodes) await writeFile(join(keep, `node-${n.name}.log`), n.proc.stdout() + n.proc.stderr());
      }
      await db.drop();
      await dropRedisPrefix(prefix);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await cluster.close();
    throw failed.reason;
  }
  return cluster;
}
