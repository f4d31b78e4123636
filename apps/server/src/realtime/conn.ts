/**
 * One open WebSocket as the realtime layer sees it: the uWS user data object. uWS
 * invalidates the socket handle when it closes, so everything that touches `ws`
 * checks `closed` first.
 */
import type { WebSocket } from '../transport/uws.js';
import type { SocketSlot } from './socketCaps.js';

export type Endpoint = 'channel' | 'multiplexed';

export interface Conn {
  /** Process-unique, for logs and maps. */
  readonly id: number;
  readonly userId: number;
  /** The session of the access token the socket was opened with; revoking it closes the socket. */
  readonly sessionId: number;
  /** When that token expires (epoch ms): the socket is closed then with 4500. */
  readonly tokenExpiresAtMs: number;
  readonly endpoint: Endpoint;
  /** The single channel of a `/ws/{channel}` socket; null on `/ws`. */
  readonly fixedChannel: string | null;
  /** `after_seq` given at the upgrade of a `/ws/messages/{id}` socket. */
  readonly afterSeq: number | null;
  /** Metrics label: the channel kind (`messages`, `feed`, …) or `multiplexed`. */
  readonly label: string;
  /** Set in `open`; the handle is invalid once `closed` is true. */
  ws: WebSocket<Conn> | null;
  closed: boolean;
  /** Channels this socket has joined (one for `/ws/{channel}`). */
  readonly channels: Set<string>;
  /** Topic → the joined channels that need it (a topic can serve `messages/5` and `messages/*`). */
  readonly topics: Map<string, Set<string>>;
  /** Topics whose live frames are delivered from JS while a resume runs (see resume.ts). */
  readonly held: Set<string>;
  /** Whether the socket may receive presence frames (after its `online_users` list). */
  onlineReady: boolean;
  /** Client frames are handled one at a time, in arrival order. */
  queue: Promise<void>;
  pending: number;
  /** Resolved on the next `drain` or on close (paced replays wait here). */
  drainWaiters: (() => void)[];
  /** This socket's place under the per-user and per-address caps, given back on close. */
  readonly slot: SocketSlot;
  /** Closes the socket when its token expires; cleared on close. */
  expiryTimer: NodeJS.Timeout | null;
}

let nextId = 1;

export function createConn(init: {
  userId: number;
  sessionId: number;
  tokenExpiresAtMs: number;
  endpoint: Endpoint;
  fixedChannel: string | null;
  afterSeq: number | null;
  label: string;
  slot: SocketSlot;
}): Conn {
  return {
    id: nextId++,
    ...init,
    ws: null,
    closed: false,
    channels: new Set(),
    topics: new Map(),
    held: new Set(),
    onlineReady: false,
    queue: Promise.resolve(),
    pending: 0,
    drainWaiters: [],
    expiryTimer: null,
  };
}
