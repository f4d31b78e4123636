/**
 * Runs the real Parley server as a child process on 127.0.0.1 (never imported: the
 * desktop talks to it only over the wire), with a real SQLite data directory. Tests can
 * kill it and start it again on the same data, or freeze it with SIGSTOP.
 *
 * Clients use a stable loopback port that relays bytes to the server's current port:
 * a restarted server cannot always rebind its old port at once (the dead process's
 * half-closed connections linger in FIN_WAIT2 until peers close them or 60 s pass), yet
 * a restart must look like "the same server is back"
 * to the client. While no server runs, the relay drops each connection at once, as a
 * closed port would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverMain = join(repoRoot, 'apps/server/src/main.ts');
const START_TIMEOUT_MS = 20_000;

export class ServerProcess {
  private child: ChildProcess | null = null;
  /** The server process's own port (changes on restart). */
  private backendPort = 0;
  private relay: Server | null = null;
  private readonly pairs = new Set<Socket>();
  /** The stable port clients use. */
  port = 0;

  private constructor(
    readonly dataDir: string,
    private readonly ownsDir: boolean,
    private readonly extraArgs: readonly string[] = [],
  ) {}

  /** `args`: more server flags (e.g. `--access-token-ttl 30`). */
  static async start(options: { dataDir?: string; args?: string[] } = {}): Promise<ServerProcess> {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'parley-srv-')));
    const server = new ServerProcess(dataDir, !options.dataDir, options.args);
    await server.listenRelay();
    await server.spawn();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The server's own address, bypassing the relay. */
  get directUrl(): string {
    return `http://127.0.0.1:${this.backendPort}`;
  }

  private listenRelay(): Promise<void> {
    const relay = createServer((client) => {
      if (!this.child || !this.backendPort) {
        client.destroy();
        return;
      }
      const upstream = connect(this.backendPort, '127.0.0.1');
      this.pairs.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(client);
        this.pairs.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.relay = relay;
    return new Promise((resolve) => {
      relay.listen(0, '127.0.0.1', () => {
        this.port = (relay.address() as { port: number }).port;
        resolve();
      });
    });
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (!pid) throw new Error('server is not running');
    return pid;
  }

  /** SIGKILL: no close frames, like a crash. */
  async kill(): Promise<void> {
    await this.terminate('SIGKILL');
  }

  /** SIGTERM: graceful shutdown (clients get 1001). */
  async stop(): Promise<void> {
    await this.terminate('SIGTERM');
  }

  /** Starts again on the same data directory, reachable at the same URL. */
  async restart(): Promise<void> {
    if (this.child) await this.stop();
    await this.spawn();
  }

  /** Starts a server again after kill()/stop(). */
  async start(): Promise<void> {
    if (!this.child) await this.spawn();
  }

  freeze(): void {
    process.kill(this.pid, 'SIGSTOP');
  }

  thaw(): void {
    process.kill(this.pid, 'SIGCONT');
  }

  async dispose(): Promise<void> {
    if (this.child) {
      try {
        this.thaw();
      } catch {
        // already gone
      }
      await this.terminate('SIGKILL');
    }
    await new Promise<void>((resolve) => (this.relay ? this.relay.close(() => resolve()) : resolve()));
    if (this.ownsDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  private async terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.backendPort = 0;
    // The process is gone: so are its connections, as the client must see.
    for (const socket of this.pairs) socket.destroy();
    this.pairs.clear();
  }

  private spawn(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', serverMain, '--host', '127.0.0.1', '--port', '0', '--data-dir', this.dataDir, '--log-level', 'info', '--login-rate-per-ip', '0', '--register-rate-per-ip', '0', ...this.extraArgs], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => fail(new Error(`server did not start in ${START_TIMEOUT_MS} ms\n${out}\n${err}`)), START_TIMEOUT_MS);
      const fail = (e: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(e);
      };
      child.stderr?.on('data', (d: Buffer) => void (err = (err + d.toString()).slice(-4000)));
      child.stdout?.on('data', (d: Buffer) => {
        if (out === '\0') return;
        out += d.toString();
        const m = /"port":(\d+)[^\n]*Parley server listening/.exec(out) ?? /Parley server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          this.backendPort = Number(m[1]);
          out = '\0'; // stop buffering logs; keep draining the pipe
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        if (out !== '\0') fail(new Error(`server exited (${code ?? signal}) before listening\n${out}\n${err}`));
      });
    });
  }
}
