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
  /** Starts one more node on the same database and bus. */
  addNode(): Promise<Node>;
  /** SIGKILL: no close frames, no leaving the cluster — a crash. */
  kill(node: Node): Promise<void>;
  close(): Promise<void>;
}

/**
 * `bus: false` starts the nodes without --bus (the single-machine default), for baselines;
 * `redisUrl` points them at another Redis (a private one a test may stop).
 */
export async function startCluster(size: number, opts: { bus?: boolean; redisUrl?: string } = {}): Promise<TestCluster> {
  const db = await createTestDatabase();
  const dataDir = await makeTempDir('parley-cluster-');
  const prefix = `parley-test-${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(24).toString('base64url');
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const bus = opts.bus === false ? [] : ['--bus', redisUrl, '--bus-prefix', prefix];
  const args = ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--store', db.url, ...bus, '--log-level', process.env.PARLEY_CLUSTER_LOG_LEVEL ?? 'info'];
  const spawnNode = () => spawnServerProcess(args, { timeoutMs: 60_000, env: { PARLEY_JWT_SECRET: secret } });
  const started = await Promise.allSettled(Array.from({ length: size }, spawnNode));
  const procs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const asNode = (proc: ServerProcess, i: number): Node => ({ name: String.fromCharCode(65 + i), proc, url: proc.url, wsUrl: proc.url.replace('http:', 'ws:') });
  const nodes: Node[] = procs.map(asNode);
  const cluster: TestCluster = {
    nodes,
    db,
    prefix,
    dataDir,
    async addNode() {
      const node = asNode(await spawnNode(), nodes.length);
      nodes.push(node);
      return node;
    },
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
      // PARLEY_CLUSTER_LOGS=<dir> keeps every node's log lines for a post-mortem
      // (PARLEY_CLUSTER_LOG_LEVEL=debug adds socket close codes).
      const keep = process.env.PARLEY_CLUSTER_LOGS;
      if (keep) {
        await mkdir(keep, { recursive: true });
        for (const n of nodes) await writeFile(join(keep, `node-${n.name}.log`), n.proc.stdout() + n.proc.stderr());
      }
      await db.drop();
      if (!opts.redisUrl) await dropRedisPrefix(prefix);
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
