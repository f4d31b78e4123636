/**
 * What the coordinator and generator worker processes say to each other over IPC.
 * Histograms travel as hdr-histogram's compressed base64 so they merge exactly.
 */
import type { WireCodec } from '../targets/peers.js';

export interface SocketSpec {
  /** Full ws:// URL (for socket.io, the engine.io endpoint with the channel in the query). */
  url: string;
  token: string;
  codec: WireCodec;
  /** Sockets of one chat share a group; a message sent in a group is expected on every socket of it. */
  group: number;
  userId: number;
  /** Presence scenario: watchers stay, churners come and go. */
  role?: 'watch' | 'churn';
  /** 127.0.0.x source address, so >28k sockets don't run out of ephemeral ports. */
  localAddress?: string;
}

export type Command =
  | { op: 'open'; specs: SocketSpec[]; concurrency: number; waitFirstFrame: boolean }
  | { op: 'reset' }
  | { op: 'relay'; rate: number; durationMs: number; drainMs: number; senders: number[]; contentBytes: number }
  | { op: 'closedLoop'; senders: number[]; window: number; minGapMs: number; durationMs: number; contentBytes: number }
  | { op: 'idle'; durationMs: number; pingEveryMs: number }
  | { op: 'churn'; rate: number; durationMs: number; holdMs: number; cooldownMs: number; drainMs: number }
  | { op: 'stats' }
  | { op: 'close' };

export interface Counters {
  /** Frames carrying a benchmark timestamp (new_message / new_post). */
  received: number;
  errors: number;
  /** Other frames (pongs, presence, typing…). */
  other: number;
  firstUs: number;
  lastUs: number;
  errorSamples: string[];
  /** Compressed hdr histogram of end-to-end latency, µs. */
  latency: string;
}

export type Reply =
  | { op: 'ready'; pid: number }
  | { op: 'opened'; ok: number; failed: number; elapsedMs: number; errorSamples: string[]; cpuUs: number }
  | { op: 'done'; sent: number; expected: number; counters: Counters; lag: string; cpuUs: number; wallUs: number; extra?: Record<string, number> }
  | { op: 'stats'; counters: Counters }
  | { op: 'closed' }
  | { op: 'fatal'; message: string };
