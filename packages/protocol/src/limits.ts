/**
 * Default limits shared by server and clients. Servers may be configured with other
 * values; clients use these to reject obviously bad input before sending.
 */
export const LIMITS = {
  /** SPEC §3: content longer than this is answered with `too_long`. */
  maxContentChars: 4000,
  /** SPEC §3: a frame larger than this closes the socket with 1009. */
  maxFrameBytes: 64 * 1024,
  /** SPEC §3: `client_id` is 1–64 printable ASCII characters. */
  maxClientIdChars: 64,
  /** REST page size cap for message and post listings. */
  maxPageSize: 200,
  defaultPageSize: 50,
  /** SPEC §3: offline is announced this long after the last socket closes, so reconnects do not flap. */
  presenceGraceMs: 3000,
  /** Seed "Heartbeat": clients ping every 30 s. */
  heartbeatIntervalMs: 30_000,
  /** SPEC §3: dead peers are detected within 60 s. */
  idleTimeoutSeconds: 60,
  /** Upload defaults (POST /upload). */
  maxUploadBytes: 10 * 1024 * 1024,
} as const;
