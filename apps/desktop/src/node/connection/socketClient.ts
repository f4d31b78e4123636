/**
 * The one socket between this desktop instance and the server: the multiplexed `/ws`
 * endpoint (SPEC §3), authenticated with an `Authorization: Bearer` header so the token
 * never appears in a URL. Owns the reconnect state machine (backoff.ts) and the
 * heartbeat (heartbeat.ts); it knows nothing about chats — sync/ subscribes on 'open'.
 *
 * Close codes 4500–4999 (token rejected, account removed) are final: the client stops
 * and emits 'rejected' so the session signs the user out. Everything else reconnects.
 */
import WebSocket from 'ws';
import { shouldReconnect } from '@parley/protocol';
import type { MultiplexedServerFrame } from '@parley/protocol';
import type { ConnectionState } from '../../common/views.js';
import { Emitter } from '../util/emitter.js';
import { DEFAULT_BACKOFF, nextRetry, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { Heartbeat } from './heartbeat.js';

export interface SocketClientOptions {
  /** HTTP base URL of the server, e.g. `http://127.0.0.1:8080`. */
  serverUrl: () => string | null;
  token: () => string | null;
  clock?: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  heartbeatIntervalMs?: number;
  heartbeatTimeoutMs?: number;
  /** An upgrade that has not completed by then counts as a failed attempt. */
  handshakeTimeoutMs?: number;
}

export interface SocketClientEvents {
  state: ConnectionState;
  /** The socket is open and trusted: subscribe and flush now. */
  open: { generation: number };
  frame: MultiplexedServerFrame;
  /** The server refused our credentials (HTTP 401 at upgrade or a 4500–4999 close). */
  rejected: { code: number };
}

export class SocketClient extends Emitter<SocketClientEvents> {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly heartbeat: Heartbeat;
  private socket: WebSocket | null = null;
  private generation = 0;
  private failures = 0;
  private retryTimer: TimerHandle | null = null;
  private current: ConnectionState = { state: 'signed_out' };
  private running = false;
  /** After resume the socket is open but not trusted until a pong arrives. */
  private trusted = false;
  /** Set by resume(): if the probe fails, dial again at once instead of backing off. */
  private redialAtOnce = false;

  constructor(private readonly options: SocketClientOptions) {
    super();
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.heartbeat = new Heartbeat({
      clock: this.clock,
      intervalMs: options.heartbeatIntervalMs ?? 30_000,
      timeoutMs: options.heartbeatTimeoutMs ?? 10_000,
      sendPing: () => this.rawSend({ type: 'ping' }),
      onDead: () => this.socket?.terminate(),
      onAlive: () => this.markTrusted(),
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** Whether frames sent now go out on a trusted socket. */
  get isOnline(): boolean {
    return this.current.state === 'online';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    this.connect();
  }

  /** Closes the socket and stops reconnecting (sign-out, quit). */
  stop(): void {
    this.running = false;
    this.retryTimer?.cancel();
    this.retryTimer = null;
    this.heartbeat.stop();
    const socket = this.socket;
    this.socket = null;
    this.generation++;
    if (socket) socket.close(1000);
    this.setState({ state: 'signed_out' });
  }

  /** "Retry" button: dial now unless a socket is already up or being dialled. */
  retryNow(): void {
    if (!this.running || this.socket) return;
    this.retryTimer?.cancel();
    this.retryTimer = null;
    this.connect();
  }

  /** Resume from sleep / unlock: distrust an open socket until it answers a ping; else dial now with a fresh backoff. */
  resume(probeTimeoutMs = 5_000): void {
    if (!this.running) return;
    this.failures = 0;
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.trusted = false;
      this.redialAtOnce = true;
      this.setState({ state: 'connecting', attempt: 1 });
      this.heartbeat.probe(probeTimeoutMs);
      return;
    }
    this.retryNow();
  }

  /** The OS reports the network is back: start over with a fresh backoff. */
  networkUp(): void {
    if (!this.running) return;
    this.failures = 0;
    this.retryNow();
  }

  /** Sends a frame if the socket is open and trusted; false means "not sent". */
  send(frame: Record<string, unknown>): boolean {
    if (!this.trusted || this.current.state !== 'online') return false;
    return this.rawSend(frame);
  }

  private rawSend(frame: Record<string, unknown>): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  }

  private connect(): void {
    const base = this.options.serverUrl();
    const token = this.options.token();
    if (!base || !token) {
      this.stop();
      return;
    }
    const generation = ++this.generation;
    this.trusted = false;
    this.setState({ state: 'connecting', attempt: this.failures + 1 });
    const url = `${base.replace(/^http/, 'ws').replace(/\/$/, '')}/ws`;
    const socket = new WebSocket(url, {
      headers: { Authorization: `Bearer ${token}` },
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
      perMessageDeflate: false,
    });
    this.socket = socket;
    const mine = () => generation === this.generation;

    socket.on('open', () => {
      if (!mine()) return;
      this.failures = 0;
      this.heartbeat.start();
      this.markTrusted();
    });
    socket.on('message', (data, isBinary) => {
      if (!mine() || isBinary) return;
      let frame: MultiplexedServerFrame;
      try {
        frame = JSON.parse(data.toString()) as MultiplexedServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'pong') this.heartbeat.pong();
      this.emit('frame', frame);
    });
    socket.on('unexpected-response', (_req, res) => {
      if (!mine()) return;
      const status = res.statusCode ?? 0;
      res.resume();
      socket.terminate();
      if (status === 401) this.reject(4500);
    });
    socket.on('error', () => {
      // 'close' follows every error; the retry is scheduled there.
    });
    socket.on('close', (code) => {
      if (!mine()) return;
      this.socket = null;
      this.heartbeat.stop();
      this.trusted = false;
      if (!shouldReconnect(code)) {
        this.reject(code);
        return;
      }
      if (this.redialAtOnce) {
        this.redialAtOnce = false;
        this.connect();
        return;
      }
      this.scheduleRetry();
    });
  }

  private markTrusted(): void {
    if (this.trusted || !this.socket) return;
    this.trusted = true;
    this.redialAtOnce = false;
    this.setState({ state: 'online' });
    this.emit('open', { generation: this.generation });
  }

  private reject(code: number): void {
    if (!this.running) return;
    this.stop();
    this.emit('rejected', { code });
  }

  private scheduleRetry(): void {
    if (!this.running) return;
    this.failures++;
    const decision = nextRetry(this.failures, this.backoff, this.random);
    const nextRetryAt = this.clock.now() + decision.delayMs;
    this.setState(
      decision.state === 'reconnecting'
        ? { state: 'reconnecting', attempt: decision.attempt, nextRetryAt }
        : { state: 'offline', nextRetryAt },
    );
    this.retryTimer?.cancel();
    this.retryTimer = this.clock.after(decision.delayMs, () => {
      this.retryTimer = null;
      this.connect();
    });
  }

  private setState(next: ConnectionState): void {
    this.current = next;
    this.emit('state', next);
  }
}
