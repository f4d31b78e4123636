/**
 * Integration-test harness: a real Parley server on 127.0.0.1 with an ephemeral port
 * and a fresh temporary data directory (real SQLite), plus small REST helpers.
 * With PARLEY_TEST_STORE=postgres every server gets a freshly created PostgreSQL
 * database instead (the `server-postgres` test project), so the same integration
 * suites prove both engines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type ServerConfig } from '../src/config.js';
import { createServer, type ParleyServer } from '../src/server.js';
import { createTestDatabase, type TestDatabase } from '../src/store/postgres/testing.js';

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  config: ServerConfig;
  server: ParleyServer;
  /** Closes the server; deletes the data directory unless the caller passed its own `dataDir`. */
  close(): Promise<void>;
}

/** Flags that turn off the per-IP register and login limits, for test servers. */
export const NO_IP_LIMITS = ['--login-rate-per-ip', '0', '--register-rate-per-ip', '0'] as const;

export async function makeTempDir(prefix = 'parley-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const ownsDir = overrides.dataDir === undefined;
  const dataDir = overrides.dataDir ?? (await makeTempDir());
  // Tests register and sign in many users from one address: the per-IP limits are off
  // unless a test turns them on (test/rest/loginLimits.test.ts does).
  const base = loadConfig(['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent', ...NO_IP_LIMITS], {});
  // A restart on the caller's data dir must find the same database again.
  const database = process.env.PARLEY_TEST_STORE === 'postgres' && overrides.store === undefined ? await databaseFor(dataDir) : null;
  const config: ServerConfig = { ...base, ...overrides, ...(database ? { store: database.url } : {}), dataDir: base.dataDir, host: '127.0.0.1', port: 0 };
  const server = await createServer(config);
  const port = await server.listen();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir: config.dataDir,
    config,
    server,
    async close() {
      await server.close();
      // A caller-provided directory is kept, so a test can restart a server on the same data.
      if (ownsDir) {
        await rm(config.dataDir, { recursive: true, force: true });
        if (database) {
          databases.delete(dataDir);
          await database.drop();
        }
      }
    },
  };
}

/** One PostgreSQL database per data directory, for the life of the test process. */
const databases = new Map<string, Promise<TestDatabase>>();
function databaseFor(dataDir: string): Promise<TestDatabase> {
  let database = databases.get(dataDir);
  if (!database) databases.set(dataDir, (database = createTestDatabase()));
  return database;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process wrote to stdout so far (JSON log lines). */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const mainTs = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/**
 * Starts `node --import tsx apps/server/src/main.ts <args>` and resolves once its
 * "listening" log line reports the port. Pass `--port 0 --data-dir X`; needed for
 * crash (SIGKILL) and signal tests that an in-process server cannot do.
 */
export function spawnServerProcess(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainTs, ...args], {
    cwd: repoRoot,
    // Per-IP limits off (as in startTestServer) unless the test's env says otherwise.
    env: { PARLEY_LOGIN_RATE_PER_IP: '0', PARLEY_REGISTER_RATE_PER_IP: '0', ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not report its port within ${opts.timeoutMs ?? 20_000} ms\nstdout: ${out}\nstderr: ${err}`));
    }, opts.timeoutMs ?? 20_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const port = findPort(out);
      if (port !== null) {
        clearTimeout(timer);
        resolve({ child, port, url: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}) before listening\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

function findPort(output: string): number | null {
  for (const line of output.split('\n')) {
    if (!line.includes('"port"')) continue;
    try {
      const parsed = JSON.parse(line) as { port?: unknown };
      if (typeof parsed.port === 'number' && parsed.port > 0) return parsed.port;
    } catch {
      // A partial line: wait for the rest.
    }
  }
  return null;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Api {
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  request<T = any>(method: string, path: string, init?: { body?: string | Uint8Array; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
}

/** A fetch wrapper bound to a server and (optionally) a bearer token; parses JSON bodies. */
export function api(url: string, token?: string): Api {
  async function request<T>(method: string, path: string, init: { body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(url + path, { method, headers, body: init.body });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('application/json') && text ? JSON.parse(text) : text;
    return { status: res.status, body: body as T, headers: res.headers };
  }
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) =>
      request('POST', path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  };
}

export interface TestUser {
  id: number;
  token: string;
  email: string;
  password: string;
  full_name: string;
}

let userCounter = 0;

/** Registers a fresh user with a unique email and returns its id and token. */
export async function registerUser(url: string, name?: string): Promise<TestUser> {
  userCounter += 1;
  const full_name = name ?? `User ${userCounter}`;
  const email = `user${userCounter}-${process.pid}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = 'correct horse battery';
  const res = await api(url).post('/auth/register', { email, password, full_name });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, token: res.body.access_token, email, password, full_name };
}

/** `a` requests a connection to `b` and `b` accepts it; returns the accepted connection. */
export async function connectUsers(url: string, a: TestUser, b: TestUser): Promise<{ id: number; from_user_id: number; to_user_id: number; status: string }> {
  const req = await api(url, a.token).post('/connections', { to_user_id: b.id });
  if (req.status !== 201) throw new Error(`connection request failed: ${req.status} ${JSON.stringify(req.body)}`);
  const acc = await api(url, b.token).post(`/connections/${req.body.id}/accept`);
  if (acc.status !== 200) throw new Error(`accept failed: ${acc.status} ${JSON.stringify(acc.body)}`);
  return acc.body;
}

/** Ann, Ben and Cat, the cast of most realtime tests; `connect` makes Ann a connection of both others. */
export async function registerTrio(url: string, opts: { connect: boolean } = { connect: true }): Promise<{ ann: TestUser; ben: TestUser; cat: TestUser }> {
  const [ann, ben, cat] = (await Promise.all(['Ann', 'Ben', 'Cat'].map((n) => registerUser(url, n)))) as [TestUser, TestUser, TestUser];
  if (opts.connect) {
    await connectUsers(url, ann, ben);
    await connectUsers(url, ann, cat);
  }
  return { ann, ben, cat };
}
