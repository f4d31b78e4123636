/**
 * Server configuration: command-line flags win over PARLEY_* environment variables,
 * which win over defaults. Everything is validated once here, so the rest of the
 * server can trust `ServerConfig` without re-checking.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { LIMITS, REGISTRATION_MODES, UPLOAD_TYPES, type RegistrationMode } from '@parley/protocol';
import { PRIVATE_DIR_MODE, worldReadableSecret } from './fileModes.js';
import { LIMITS_HELP, LIMIT_OPTIONS, parseLimits, type ResourceLimits } from './limitsConfig.js';

export interface RateLimits {
  /** Chat messages per user: sustained rate and burst (SPEC §3: 30/s, bursts of 100). */
  messagesPerSecond: number;
  messageBurst: number;
  /** Typing frames per user; shed cheaply since they carry no durable state. */
  typingPerSecond: number;
  typingBurst: number;
  /** REST writes (posts, comments, reactions, connections, uploads) per user. */
  restWritesPerSecond: number;
  restWriteBurst: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Absolute path; holds parley.db, jwt-secret and uploads/. */
  dataDir: string;
  /** 'sqlite' (default, `<dataDir>/parley.db`) or a postgres:// URL. */
  store: string;
  /** null for a single node, or a redis:// URL to fan events out across nodes. */
  bus: string | null;
  /**
   * Prefix of every Redis key and pub/sub channel the bus uses, so several clusters (or
   * parallel test runs) can share one Redis: pub/sub channels ignore the database index.
   */
  busPrefix: string;
  jwtSecret: string;
  /** Lifetime of an access token; a refresh token renews it (see accounts). */
  tokenTtlSeconds: number;
  accounts: AccountLimits;
  logLevel: LogLevel;
  maxFrameBytes: number;
  maxContentChars: number;
  maxUploadBytes: number;
  /** Accepted upload content types → stored file extension. */
  uploadTypes: Readonly<Record<string, string>>;
  presenceGraceMs: number;
  idleTimeoutSeconds: number;
  /** Past this many buffered bytes a slow consumer's socket is closed (it resumes with after_seq). */
  maxBackpressureBytes: number;
  rateLimits: RateLimits;
  /** Chat events (issue 11): how they are limited. */
  chatEvents: ChatEventLimits;
  /** Sockets, replays and uploads per account and address (issue 12; limitsConfig.ts). */
  resourceLimits: ResourceLimits;
}

export interface ChatEventLimits {
  /** How long after sending its author may edit a message; 0 means no limit. */
  editWindowMs: number;
  /** Distinct reactions one message may carry. */
  maxReactionsPerMessage: number;
  /** Longest reaction, in code points. */
  maxReactionChars: number;
  /** Largest group, the creator included. */
  maxGroupMembers: number;
}

/** Sessions, registration and the login limits (docs/security.md lists each with its test). */
export interface AccountLimits {
  registration: RegistrationMode;
  /** A session ends this long after its refresh token was last rotated. */
  sessionTtlSeconds: number;
  /** Login attempts per client IP per minute (bucket of the same size); 0 turns the limit off. */
  loginPerIpPerMinute: number;
  /** Registrations per client IP per hour (bucket of the same size); 0 turns the limit off. */
  registerPerIpPerHour: number;
  /** Password hashes computed at once; argon2id is CPU and memory heavy by design. */
  maxConcurrentHashes: number;
  /** Logins waiting for a hash slot; past this, new ones from unknown devices get 429. */
  maxQueuedHashes: number;
}

export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = {
  registration: 'open',
  sessionTtlSeconds: 30 * 24 * 3600,
  loginPerIpPerMinute: 30,
  registerPerIpPerHour: 20,
  maxConcurrentHashes: 2,
  maxQueuedHashes: 32,
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const HELP_TEXT = `Usage: parley-server [options]

Options (each also settable through the environment variable shown):
  --host <addr>         address to bind (PARLEY_HOST, default 127.0.0.1)
  --port <n>            TCP port, 0 picks a free one (PARLEY_PORT, default 8080)
  --data-dir <path>     database, uploads and secrets (PARLEY_DATA_DIR, default ./data)
  --store <kind>        'sqlite' or a postgres:// URL (PARLEY_STORE, default sqlite)
  --bus <url>           redis:// URL for multi-node fan-out (PARLEY_BUS, default none)
  --bus-prefix <name>   Redis key and channel prefix for this cluster (PARLEY_BUS_PREFIX,
                        default parley)
  --jwt-secret <s>      token signing secret, at least 16 characters (PARLEY_JWT_SECRET;
                        default: generated once and kept in <data-dir>/jwt-secret)
  --log-level <level>   ${LOG_LEVELS.join('|')} (PARLEY_LOG_LEVEL, default info)
  --edit-window-seconds <n>
                        how long an author may edit a message, 0 = no limit
                        (PARLEY_EDIT_WINDOW_SECONDS, default 86400)
  --max-reactions <n>   distinct reactions per message (PARLEY_MAX_REACTIONS, default 20)
  --max-reaction-chars <n>
                        longest reaction in characters (PARLEY_MAX_REACTION_CHARS,
                        default 32, at most ${LIMITS.maxReactionCharsHardCap})
  --max-group-members <n>
                        largest group (PARLEY_MAX_GROUP_MEMBERS, default 256)
  --registration <mode> open|invite|closed: who may register (PARLEY_REGISTRATION,
                        default open; invite needs a code an admin created)
  --access-token-ttl <s>
                        access token lifetime in seconds (PARLEY_ACCESS_TOKEN_TTL,
                        default 900); clients renew it with their refresh token
  --session-ttl-days <n>
                        a session ends this long after its last refresh
                        (PARLEY_SESSION_TTL_DAYS, default 30)
  --login-rate-per-ip <n>
                        login attempts per client IP per minute, 0 = off
                        (PARLEY_LOGIN_RATE_PER_IP, default 30)
  --register-rate-per-ip <n>
                        registrations per client IP per hour, 0 = off
                        (PARLEY_REGISTER_RATE_PER_IP, default 20)
  --max-concurrent-hashes <n>
                        password hashes computed at once (PARLEY_MAX_CONCURRENT_HASHES,
                        default 2)
  --max-queued-hashes <n>
                        logins waiting for a hash before 429 (PARLEY_MAX_QUEUED_HASHES,
                        default 32)
${LIMITS_HELP}  --help                show this help

Administration (same --data-dir / --store flags as the server):
  parley-server admin create-admin --email <e> --name <n> [--password <p>]
  parley-server admin reset-password --email <e> [--password <p>]
  parley-server admin deactivate --email <e>
  parley-server admin reactivate --email <e>
  parley-server admin list-users
  (without --password a random one is generated and printed)
`;

const optional = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

const Schema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number({ error: 'port must be a number' }).int('port must be an integer').min(0).max(65535).default(8080),
  dataDir: z.string().min(1).default('./data'),
  store: z
    .string()
    .refine((s) => s === 'sqlite' || /^postgres(ql)?:\/\/.+/.test(s), "store must be 'sqlite' or a postgres:// URL")
    .default('sqlite'),
  bus: z
    .string()
    .refine((s) => /^rediss?:\/\/.+/.test(s), 'bus must be a redis:// URL')
    .optional(),
  busPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'bus prefix must be 1–64 letters, digits or _ . : -')
    .default('parley'),
  jwtSecret: z.string().min(16, 'jwt secret must be at least 16 characters').optional(),
  logLevel: z.enum(LOG_LEVELS, { error: `log level must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  editWindowSeconds: z.coerce.number({ error: 'edit window must be a number' }).int('edit window must be whole seconds').min(0).default(LIMITS.editWindowMs / 1000),
  maxReactions: z.coerce.number({ error: 'max reactions must be a number' }).int().min(1).max(1000).default(LIMITS.maxReactionsPerMessage),
  maxReactionChars: z.coerce.number({ error: 'max reaction chars must be a number' }).int().min(1).max(LIMITS.maxReactionCharsHardCap).default(LIMITS.maxReactionChars),
  maxGroupMembers: z.coerce.number({ error: 'max group members must be a number' }).int().min(2).max(100_000).default(LIMITS.maxGroupMembers),
  registration: z.enum(REGISTRATION_MODES, { error: `registration must be one of ${REGISTRATION_MODES.join(', ')}` }).default(DEFAULT_ACCOUNT_LIMITS.registration),
  accessTokenTtl: z.coerce.number({ error: 'access token ttl must be a number' }).int().min(5).max(7 * 24 * 3600).default(900),
  sessionTtlDays: z.coerce.number({ error: 'session ttl must be a number' }).int().min(1).max(3650).default(DEFAULT_ACCOUNT_LIMITS.sessionTtlSeconds / 86400),
  loginRatePerIp: z.coerce.number({ error: 'login rate must be a number' }).int().min(0).default(DEFAULT_ACCOUNT_LIMITS.loginPerIpPerMinute),
  registerRatePerIp: z.coerce.number({ error: 'register rate must be a number' }).int().min(0).default(DEFAULT_ACCOUNT_LIMITS.registerPerIpPerHour),
  maxConcurrentHashes: z.coerce.number({ error: 'max concurrent hashes must be a number' }).int().min(1).max(64).default(DEFAULT_ACCOUNT_LIMITS.maxConcurrentHashes),
  maxQueuedHashes: z.coerce.number({ error: 'max queued hashes must be a number' }).int().min(0).max(100_000).default(DEFAULT_ACCOUNT_LIMITS.maxQueuedHashes),
});

/** True when the command line asks for help (checked before validation so it always works). */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * Parses flags and environment, validates them and resolves the JWT secret (creating
 * `<dataDir>/jwt-secret` on first start). Throws ConfigError with a readable message.
 */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        store: { type: 'string' },
        bus: { type: 'string' },
        'bus-prefix': { type: 'string' },
        'jwt-secret': { type: 'string' },
        'log-level': { type: 'string' },
        'edit-window-seconds': { type: 'string' },
        'max-reactions': { type: 'string' },
        'max-reaction-chars': { type: 'string' },
        'max-group-members': { type: 'string' },
        ...LIMIT_OPTIONS,
        registration: { type: 'string' },
        'access-token-ttl': { type: 'string' },
        'session-ttl-days': { type: 'string' },
        'login-rate-per-ip': { type: 'string' },
        'register-rate-per-ip': { type: 'string' },
        'max-concurrent-hashes': { type: 'string' },
        'max-queued-hashes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${HELP_TEXT}`);
  }
  const pick = (flag: string, envName: string) => optional(flags[flag] as string | undefined) ?? optional(env[envName]);
  const parsed = Schema.safeParse({
    host: pick('host', 'PARLEY_HOST'),
    port: pick('port', 'PARLEY_PORT'),
    dataDir: pick('data-dir', 'PARLEY_DATA_DIR'),
    store: pick('store', 'PARLEY_STORE'),
    bus: pick('bus', 'PARLEY_BUS'),
    busPrefix: pick('bus-prefix', 'PARLEY_BUS_PREFIX'),
    jwtSecret: pick('jwt-secret', 'PARLEY_JWT_SECRET'),
    logLevel: pick('log-level', 'PARLEY_LOG_LEVEL'),
    editWindowSeconds: pick('edit-window-seconds', 'PARLEY_EDIT_WINDOW_SECONDS'),
    maxReactions: pick('max-reactions', 'PARLEY_MAX_REACTIONS'),
    maxReactionChars: pick('max-reaction-chars', 'PARLEY_MAX_REACTION_CHARS'),
    maxGroupMembers: pick('max-group-members', 'PARLEY_MAX_GROUP_MEMBERS'),
    registration: pick('registration', 'PARLEY_REGISTRATION'),
    accessTokenTtl: pick('access-token-ttl', 'PARLEY_ACCESS_TOKEN_TTL'),
    sessionTtlDays: pick('session-ttl-days', 'PARLEY_SESSION_TTL_DAYS'),
    loginRatePerIp: pick('login-rate-per-ip', 'PARLEY_LOGIN_RATE_PER_IP'),
    registerRatePerIp: pick('register-rate-per-ip', 'PARLEY_REGISTER_RATE_PER_IP'),
    maxConcurrentHashes: pick('max-concurrent-hashes', 'PARLEY_MAX_CONCURRENT_HASHES'),
    maxQueuedHashes: pick('max-queued-hashes', 'PARLEY_MAX_QUEUED_HASHES'),
  });
  const resourceLimits = parseLimits(pick);
  if (!parsed.success || 'error' in resourceLimits) {
    const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.') || 'config'}: ${i.message}`);
    if ('error' in resourceLimits) lines.push(...resourceLimits.error);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const v = parsed.data;
  // Relative paths are taken from where the user ran the command: `npm run server` at the
  // repository root runs the script inside apps/server, but npm keeps the caller's
  // directory in INIT_CWD, so `./data` lands where the user expects it.
  const dataDir = resolve(env.INIT_CWD ?? process.cwd(), v.dataDir);
  return {
    host: v.host,
    port: v.port,
    dataDir,
    store: v.store,
    bus: v.bus ?? null,
    busPrefix: v.busPrefix,
    jwtSecret: v.jwtSecret ?? loadOrCreateSecret(dataDir),
    tokenTtlSeconds: v.accessTokenTtl,
    accounts: {
      registration: v.registration,
      sessionTtlSeconds: v.sessionTtlDays * 86400,
      loginPerIpPerMinute: v.loginRatePerIp,
      registerPerIpPerHour: v.registerRatePerIp,
      maxConcurrentHashes: v.maxConcurrentHashes,
      maxQueuedHashes: v.maxQueuedHashes,
    },
    logLevel: v.logLevel,
    maxFrameBytes: LIMITS.maxFrameBytes,
    maxContentChars: LIMITS.maxContentChars,
    maxUploadBytes: LIMITS.maxUploadBytes,
    uploadTypes: UPLOAD_TYPES,
    presenceGraceMs: LIMITS.presenceGraceMs,
    idleTimeoutSeconds: LIMITS.idleTimeoutSeconds,
    // 1 MiB: many seconds of chat for a healthy client, small enough that 10k stuck
    // sockets cannot exhaust memory.
    maxBackpressureBytes: 1024 * 1024,
    rateLimits: {
      messagesPerSecond: 30,
      messageBurst: 100,
      typingPerSecond: 5,
      typingBurst: 20,
      restWritesPerSecond: 10,
      restWriteBurst: 50,
    },
    chatEvents: {
      editWindowMs: v.editWindowSeconds * 1000,
      maxReactionsPerMessage: v.maxReactions,
      maxReactionChars: v.maxReactionChars,
      maxGroupMembers: v.maxGroupMembers,
    },
    resourceLimits,
  };
}

/**
 * A generated secret must survive restarts, or every issued token would become invalid;
 * it is readable by the owner only.
 */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (err) {
    throw new ConfigError(`cannot create data directory ${dataDir}: ${(err as Error).message}`);
  }
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length < 16) throw new ConfigError(`${file} holds a secret shorter than 16 characters; delete it to generate a new one`);
    const exposed = worldReadableSecret(file);
    if (exposed) throw new ConfigError(exposed);
    return existing;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const secret = randomBytes(48).toString('base64url');
  try {
    // 'wx' fails if another process created it meanwhile; then theirs is the one to use.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw new ConfigError(`cannot write ${file}: ${(err as Error).message}`);
  }
}
