/**
 * One generator socket: opens with the codec's handshake (socket.io needs an engine.io
 * open packet and a namespace connect carrying the token), answers engine.io pings, and
 * hands every other frame to the worker as raw bytes, valid only during that call
 * (wireSocket.ts reads every socket into one shared buffer).
 */
import type { SocketSpec } from './messages.js';
import { WireSocket } from './wireSocket.js';

const ENGINE_PING = 0x32; // '2'
const SIO_CONNECT_OK = '40';
const SIO_CONNECT_ERROR = '44';

export class Conn {
  ws: WireSocket | null = null;
  ready = false;
  constructor(
    readonly index: number,
    readonly spec: SocketSpec,
    private readonly onFrame: (c: Conn, data: Buffer) => void,
  ) {}

  /** Resolves when the socket can carry application frames; rejects with a short reason. */
  open(waitFirstFrame: boolean, onClose?: (c: Conn) => void): Promise<void> {
    const { spec } = this;
    const url = spec.codec === 'json' ? `${spec.url}${spec.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(spec.token)}` : spec.url;
    return new Promise((resolve, reject) => {
      const ws = new WireSocket();
      this.ws = ws;
      let settled = false;
      const settle = (err?: string) => {
        if (settled) return;
        settled = true;
        if (err) reject(new Error(err));
        else {
          this.ready = true;
          resolve();
        }
      };
      // A refused upgrade arrives here as `HTTP <status>`, and the socket is already gone.
      ws.onError = (message) => settle(message.slice(0, 120));
      ws.onClose = (code) => {
        this.ready = false;
        settle(`closed ${code} before ready`);
        onClose?.(this);
      };
      ws.onOpen = () => {
        if (spec.codec === 'json' && !waitFirstFrame) settle();
      };
      ws.onMessage = (data) => {
        if (spec.codec === 'socketio') {
          if (data.length === 1 && data[0] === ENGINE_PING) return ws.send('3');
          if (!settled) {
            const text = data.toString();
            if (text.startsWith('0{')) return ws.send(`40${JSON.stringify({ token: spec.token })}`);
            if (text.startsWith(SIO_CONNECT_ERROR)) return settle(`socket.io refused: ${text.slice(2, 100)}`);
            if (text.startsWith(SIO_CONNECT_OK) && !waitFirstFrame) return settle();
            if (text.startsWith(SIO_CONNECT_OK)) return;
          }
        }
        if (!settled) settle();
        this.onFrame(this, data);
      };
      ws.connect(url, { handshakeTimeoutMs: 30_000, ...(spec.localAddress ? { localAddress: spec.localAddress } : {}) });
    });
  }

  send(text: string): boolean {
    const ws = this.ws;
    if (!ws || !this.ready || ws.state !== 'open') return false;
    return ws.send(text);
  }

  close(): Promise<void> {
    const ws = this.ws;
    if (!ws || ws.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 3000);
      void ws.close(1000).then(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
