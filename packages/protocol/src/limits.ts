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
  /** Default edit window: only this long after sending may the author edit (server flag; 0 = no limit). */
  editWindowMs: 24 * 60 * 60 * 1000,
  /** Default number of distinct reactions one message may carry. */
  maxReactionsPerMessage: 20,
  /** Default longest reaction, in code points (an emoji with modifiers is several). */
  maxReactionChars: 32,
  /** No server configuration accepts reactions longer than this. */
  maxReactionCharsHardCap: 256,
  /** Default largest group, the creator included. */
  maxGroupMembers: 256,
  /** Longest chat title, in code points. */
  maxTitleChars: 200,
  /** Most members one message may mention (a group's size caps it anyway). */
  maxMentions: 50,
  /** Upload defaults (POST /upload). */
  maxUploadBytes: 10 * 1024 * 1024,
} as const;
