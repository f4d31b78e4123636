/**
 * A small WebSocket test client: collects every frame, waits for one that matches,
 * and reports how the socket closed. Upgrade refusals resolve with the HTTP status.
 */
import WebSocket from 'ws';

export type Frame = Record<string, any>;

export interface TestSocket {
  readonly ws: WebSocket;
  /** Every JSON frame received so far, in order. */
  readonly frames: Frame[];
  /** The subprotocol the server selected. */
  readonly protocol: string;
  send(frame: Frame | string): void;
  /** Resolves with the first frame (already received or future) matching `pred`. */
  waitFor(pred: (f: Frame) => boolean, timeoutMs?: number, what?: string): Promise<Frame>;
  /** Resolves once `n` frames match. */
  waitForCount(pred: (f: Frame) => boolean, n: number, timeoutMs?: number): Promise<Frame[]>;
  /** Waits `ms` and returns the frames matching `pred` (use to assert that nothing arrived). */
  collectFor(pred: (f: Frame) => boolean, ms: number): Promise<Frame[]>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  headers?: Record<string, string>;
  protocols?: string[];
}

export function wsUrl(base: string, path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

export function connect(url: string, opts: ConnectOptions = {}): Promise<TestSocket> {
  const ws = new WebSocket(url, opts.protocols ?? [], { headers: opts.headers });
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const w of [...waiters]) w();
  });
  // An error after the open (a frame the client could not parse) ends the socket with
  // 1006 on the server's side; waits that time out name it instead of just timing out.
  let failure = '';
  ws.on('error', (err) => (failure = ` (socket error: ${err.message})`));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      failure ||= ` (closed ${code} ${reason.toString()})`;
      resolve({ code, reason: reason.toString() });
    });
  });

  function waitForCount(pred: (f: Frame) => boolean, n: number, timeoutMs = 5000, what = 'frame'): Promise<Frame[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hits = frames.filter(pred);
        if (hits.length < n) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hits);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${n} × ${what}${failure}; got ${JSON.stringify(frames).slice(0, 2000)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  }

  const socket: TestSocket = {
    ws,
    frames,
    get protocol() {
      return ws.protocol;
    },
    send(frame) {
      ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    async waitFor(pred, timeoutMs = 5000, what = 'frame') {
      const [hit] = await waitForCount(pred, 1, timeoutMs, what);
      return hit!;
    },
    waitForCount: (pred, n, timeoutMs) => waitForCount(pred, n, timeoutMs),
    async collectFor(pred, ms) {
      await new Promise((r) => setTimeout(r, ms));
      return frames.filter(pred);
    },
    closed,
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close(1000);
      await closed;
    },
  };

  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.once('error', (err) => reject(err));
  });
}

/** Attempts an upgrade that should be refused; resolves with the HTTP status and parsed body. */
export async function refusedUpgrade(url: string, opts: ConnectOptions = {}): Promise<{ status: number; body: any }> {
  try {
    const s = await connect(url, opts);
    await s.close();
  } catch (err) {
    const e = err as { status?: number; body?: string };
    if (e.status === undefined) throw err;
    return { status: e.status, body: e.body ? JSON.parse(e.body) : null };
  }
  throw new Error('the upgrade was accepted');
}

export const isType = (type: string) => (f: Frame) => f.type === type;
