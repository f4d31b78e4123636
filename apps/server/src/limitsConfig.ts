/**
 * Flags for the limits that protect one server from one hostile account (issue 12):
 * sockets per user and per address, replays per socket, upload quotas and the clean-up
 * of files nobody attached. Kept apart from config.ts, which composes these in.
 */
import { z } from 'zod';

export interface ResourceLimits {
  /** Open WebSockets one account may hold on this node. */
  maxSocketsPerUser: number;
  /** Open WebSockets from one remote address on this node (a proxy counts as one address). */
  maxSocketsPerIp: number;
  /** `subscribe` frames per socket: sustained rate and burst. */
  subscribesPerSecond: number;
  subscribeBurst: number;
  /** Bytes of uploaded files one account may keep. */
  uploadQuotaBytesPerUser: number;
  /** Bytes of uploaded files the whole server keeps. */
  uploadQuotaBytesTotal: number;
  /** How long an uploaded file may stay unattached to any message before it is deleted. */
  uploadGraceMs: number;
  /** How often the sweeper looks for such files. */
  uploadSweepIntervalMs: number;
  /** How long a signed download URL stays valid. */
  signedUrlTtlMs: number;
}

const MIB = 1024 * 1024;

export const LIMIT_DEFAULTS: ResourceLimits = {
  // 32 sockets: every device a person owns, each with a few windows, with room to spare.
  maxSocketsPerUser: 32,
  // 256 per address: a household or office behind one NAT, not a botnet in one process.
  maxSocketsPerIp: 256,
  // Ten a second with bursts of 50: a client opening every chat at start is fine; a loop
  // re-subscribing with after_seq to replay history over and over is not.
  subscribesPerSecond: 10,
  subscribeBurst: 50,
  uploadQuotaBytesPerUser: 1024 * MIB,
  uploadQuotaBytesTotal: 50 * 1024 * MIB,
  // A day: long enough to finish writing the message the file was uploaded for.
  uploadGraceMs: 24 * 3600 * 1000,
  uploadSweepIntervalMs: 10 * 60 * 1000,
  // A week: an open chat keeps showing its images; the next history read renews them.
  signedUrlTtlMs: 7 * 24 * 3600 * 1000,
};

/** parseArgs options for these flags. */
export const LIMIT_OPTIONS = {
  'max-sockets-per-user': { type: 'string' },
  'max-sockets-per-ip': { type: 'string' },
  'upload-quota-mb': { type: 'string' },
  'upload-total-quota-mb': { type: 'string' },
  'upload-grace-seconds': { type: 'string' },
} as const;

export const LIMITS_HELP = `  --max-sockets-per-user <n>
                        open sockets one account may hold (PARLEY_MAX_SOCKETS_PER_USER,
                        default ${LIMIT_DEFAULTS.maxSocketsPerUser})
  --max-sockets-per-ip <n>
                        open sockets from one address (PARLEY_MAX_SOCKETS_PER_IP,
                        default ${LIMIT_DEFAULTS.maxSocketsPerIp})
  --upload-quota-mb <n> uploaded bytes one account may keep, in MiB (PARLEY_UPLOAD_QUOTA_MB,
                        default ${LIMIT_DEFAULTS.uploadQuotaBytesPerUser / MIB})
  --upload-total-quota-mb <n>
                        uploaded bytes the server keeps, in MiB (PARLEY_UPLOAD_TOTAL_QUOTA_MB,
                        default ${LIMIT_DEFAULTS.uploadQuotaBytesTotal / MIB})
  --upload-grace-seconds <n>
                        unattached uploads are deleted after this long
                        (PARLEY_UPLOAD_GRACE_SECONDS, default ${LIMIT_DEFAULTS.uploadGraceMs / 1000})
`;

const count = (what: string, max: number) =>
  z.coerce.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(1, `${what} must be at least 1`).max(max);

const Schema = z.object({
  maxSocketsPerUser: count('max sockets per user', 100_000).default(LIMIT_DEFAULTS.maxSocketsPerUser),
  maxSocketsPerIp: count('max sockets per ip', 1_000_000).default(LIMIT_DEFAULTS.maxSocketsPerIp),
  uploadQuotaMb: count('upload quota', 1 << 30).default(LIMIT_DEFAULTS.uploadQuotaBytesPerUser / MIB),
  uploadTotalQuotaMb: count('upload total quota', 1 << 30).default(LIMIT_DEFAULTS.uploadQuotaBytesTotal / MIB),
  uploadGraceSeconds: count('upload grace', 365 * 24 * 3600).default(LIMIT_DEFAULTS.uploadGraceMs / 1000),
});

type Pick = (flag: keyof typeof LIMIT_OPTIONS, envName: string) => string | undefined;

/** Reads the flags (through the caller's flag-then-environment `pick`); throws a message on bad values. */
export function parseLimits(pick: Pick): ResourceLimits | { error: string[] } {
  const parsed = Schema.safeParse({
    maxSocketsPerUser: pick('max-sockets-per-user', 'PARLEY_MAX_SOCKETS_PER_USER'),
    maxSocketsPerIp: pick('max-sockets-per-ip', 'PARLEY_MAX_SOCKETS_PER_IP'),
    uploadQuotaMb: pick('upload-quota-mb', 'PARLEY_UPLOAD_QUOTA_MB'),
    uploadTotalQuotaMb: pick('upload-total-quota-mb', 'PARLEY_UPLOAD_TOTAL_QUOTA_MB'),
    uploadGraceSeconds: pick('upload-grace-seconds', 'PARLEY_UPLOAD_GRACE_SECONDS'),
  });
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`) };
  const v = parsed.data;
  return {
    ...LIMIT_DEFAULTS,
    maxSocketsPerUser: v.maxSocketsPerUser,
    maxSocketsPerIp: v.maxSocketsPerIp,
    uploadQuotaBytesPerUser: v.uploadQuotaMb * MIB,
    uploadQuotaBytesTotal: v.uploadTotalQuotaMb * MIB,
    uploadGraceMs: v.uploadGraceSeconds * 1000,
  };
}
