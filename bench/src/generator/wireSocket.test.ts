import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireSocket } from './wireSocket.js';

const WAIT = { timeout: 10_000, interval: 5 };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function port(server: { address(): AddressInfo | string | null }): number {
  return (server.address() as AddressInfo).port;
}

/** A `ws` server on an ephemeral port; `onConnection` gets each accepted socket. */
async function wsServer(onConnection: (ws: WebSocket) => void): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', onConnection);
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  );
  return `ws://127.0.0.1:${port(wss)}/path?x=1`;
}

/** A raw TCP server that answers the upgrade itself, then hands the socket to `script`. */
async function rawServer(script: (s: Socket, responseHead: string) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((s) => {
    sockets.add(s);
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      s.off('data', onData);
      const key = /sec-websocket-key: *(\S+)/i.exec(head)![1]!;
      const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      script(s, `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    };
    s.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return `ws://127.0.0.1:${port(server)}/`;
}

/** An unmasked server frame, as a server writes it. */
function serverFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const len = payload.length;
  const ext = len < 126 ? Buffer.alloc(0) : len < 0x10000 ? Buffer.alloc(2) : Buffer.alloc(8);
  if (ext.length === 2) ext.writeUInt16BE(len);
  if (ext.length === 8) ext.writeBigUInt64BE(BigInt(len));
  const head = Buffer.from([(fin ? 0x80 : 0) | opcode, ext.length === 0 ? len : ext.length === 2 ? 126 : 127]);
  return Buffer.concat([head, ext, payload]);
}

/** A client with everything it reports collected. */
function client(url: string) {
  const ws = new WireSocket();
  const seen = { opened: false, messages: [] as Buffer[], errors: [] as string[], closeCode: null as number | null };
  ws.onOpen = () => (seen.opened = true);
  // Copied: a message may be a view of the read buffer the next read overwrites.
  ws.onMessage = (data) => seen.messages.push(Buffer.from(data));
  ws.onError = (message) => seen.errors.push(message);
  ws.onClose = (code) => (seen.closeCode = code);
  ws.connect(url, { handshakeTimeoutMs: 5_000 });
  closers.push(async () => ws.terminate());
  return { ws, seen };
}

async function opened(url: string) {
  const c = client(url);
  await vi.waitFor(() => expect(c.seen.opened || c.seen.errors.length > 0).toBe(true), WAIT);
  expect(c.seen.errors).toEqual([]);
  return c;
}

describe('WireSocket against a ws server', () => {
  it('round-trips text of every length encoding, masked correctly', async () => {
    const received: string[] = [];
    const url = await wsServer((ws) =>
      ws.on('message', (data: Buffer, isBinary) => {
        received.push(data.toString());
        ws.send(data, { binary: isBinary });
      }),
    );
    const { ws, seen } = await opened(url);
    // 125/126/127 and 65535/65536 straddle the 7-bit, 16-bit and 64-bit length encodings.
    const lengths = [0, 1, 5, 125, 126, 127, 150, 1000, 65_535, 65_536, 70_000, 72 * 1024 + 3, 300_000];
    const texts = lengths.map((n, k) => Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7 + k) % 90))).join(''));
    texts.push('héllo ☃ 𝄞 multi-byte');
    for (const t of texts) expect(ws.send(t)).toBe(true);
    await vi.waitFor(() => expect(seen.messages).toHaveLength(texts.length), WAIT);
    expect(received).toEqual(texts);
    expect(seen.messages.map((m) => m.toString())).toEqual(texts);
  });

  it('reads many frames sent at once, binary ones too', async () => {
    const url = await wsServer((ws) => {
      for (let i = 0; i < 500; i++) ws.send(i % 2 ? `message ${i}` : Buffer.from([i & 0xff, 0, 0xff]));
    });
    const { seen } = await opened(url);
    await vi.waitFor(() => expect(seen.messages).toHaveLength(500), WAIT);
    seen.messages.forEach((m, i) => expect(m).toEqual(i % 2 ? Buffer.from(`message ${i}`) : Buffer.from([i & 0xff, 0, 0xff])));
  });

  it('joins a message fragmented into continuation frames, with a ping between them', async () => {
    const pongs: string[] = [];
    const url = await wsServer((ws) => {
      ws.on('pong', (data) => pongs.push(data.toString()));
      ws.send('first ', { fin: false });
      ws.send('x'.repeat(70_000), { fin: false });
      ws.ping(Buffer.from('mid'));
      ws.send(' last');
      ws.send('after');
    });
    const { seen } = await opened(url);
    await vi.waitFor(() => expect(seen.messages).toHaveLength(2), WAIT);
    expect(seen.messages[0]!.toString()).toBe(`first ${'x'.repeat(70_000)} last`);
    expect(seen.messages[1]!.toString()).toBe('after');
    await vi.waitFor(() => expect(pongs).toEqual(['mid']), WAIT);
  });

  it('answers a server ping with a pong carrying the same payload', async () => {
    const pongs: string[] = [];
    const url = await wsServer((ws) => {
      ws.on('pong', (data) => pongs.push(data.toString()));
      ws.ping(Buffer.from('are you there'));
    });
    await opened(url);
    await vi.waitFor(() => expect(pongs).toEqual(['are you there']), WAIT);
  });

  it("reports the server's close code and echoes it", async () => {
    const serverSaw: number[] = [];
    const url = await wsServer((ws) => {
      ws.on('close', (code) => serverSaw.push(code));
      ws.send('bye soon');
      ws.close(4001, 'go away');
    });
    const { ws, seen } = await opened(url);
    await vi.waitFor(() => expect(seen.closeCode).toBe(4001), WAIT);
    expect(seen.messages.map(String)).toEqual(['bye soon']);
    expect(ws.state).toBe('closed');
    await vi.waitFor(() => expect(serverSaw).toEqual([4001]), WAIT);
  });

  it('closes with 1000, seen by the server, and resolves close()', async () => {
    const serverSaw: number[] = [];
    const url = await wsServer((ws) => ws.on('close', (code) => serverSaw.push(code)));
    const { ws, seen } = await opened(url);
    await ws.close(1000);
    expect(ws.state).toBe('closed');
    expect(seen.closeCode).toBe(1000);
    expect(ws.send('too late')).toBe(false);
    await vi.waitFor(() => expect(serverSaw).toEqual([1000]), WAIT);
  });

  it('reports 1006 when the server drops TCP without a close frame', async () => {
    const url = await wsServer((ws) => ws.terminate());
    const { seen } = client(url);
    await vi.waitFor(() => expect(seen.closeCode).toBe(1006), WAIT);
  });
});

describe('WireSocket handshake and framing edge cases', () => {
  it('reports the status of a refused upgrade', async () => {
    const server: HttpServer = createHttpServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('no token');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { seen } = client(`ws://127.0.0.1:${port(server)}/`);
    await vi.waitFor(() => expect(seen.closeCode).not.toBeNull(), WAIT);
    expect(seen.opened).toBe(false);
    expect(seen.errors).toEqual(['HTTP 401']);
  });

  it('parses a head and frames arriving one byte at a time, and frames in the same read as the head', async () => {
    const fromClient: string[] = [];
    const big = Buffer.alloc(70_000, 'b');
    const frames = Buffer.concat([
      serverFrame(0x1, Buffer.from('one')),
      serverFrame(0x2, Buffer.alloc(300, 7)),
      serverFrame(0x1, Buffer.from('frag-'), false),
      serverFrame(0x9, Buffer.from('pp')),
      serverFrame(0x0, Buffer.from('mented')),
      serverFrame(0x1, big),
      serverFrame(0x8, Buffer.from([0x0f, 0xa0])), // 4000
    ]);
    const url = await rawServer((s, head) => {
      // Client frames (here a pong and the close echo, both short) unmasked by hand.
      let acc = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        acc = Buffer.concat([acc, d]);
        while (acc.length >= 6 && acc.length >= 6 + (acc[1]! & 0x7f)) {
          const len = acc[1]! & 0x7f;
          const payload = Buffer.from(acc.subarray(6, 6 + len).map((b, i) => b ^ acc[2 + (i & 3)]!));
          fromClient.push(`${acc[0]!.toString(16)}:${payload.toString('hex')}`);
          acc = acc.subarray(6 + len);
        }
      });
      const write = (piece: Buffer) => new Promise<void>((resolve) => s.write(piece, () => setImmediate(resolve)));
      void (async () => {
        // Most of the 101 head byte by byte, its end in the same write as a first frame.
        const firstWrite = Buffer.concat([Buffer.from(head.slice(-20), 'latin1'), serverFrame(0x1, Buffer.from('with head'))]);
        for (const byte of Buffer.from(head.slice(0, -20), 'latin1')) await write(Buffer.from([byte]));
        await write(firstWrite);
        // Frame headers and short payloads byte by byte; the 70,000-byte payload in 997-byte pieces.
        for (let i = 0; i < frames.length; ) {
          const n = i > 400 && i < frames.length - 100 ? 997 : 1;
          await write(frames.subarray(i, i + n));
          i += n;
        }
      })();
    });
    const { seen } = await opened(url);
    await vi.waitFor(() => expect(seen.closeCode).toBe(4000), WAIT);
    expect(seen.messages.map((m) => m.toString('latin1'))).toEqual(['with head', 'one', Buffer.alloc(300, 7).toString('latin1'), 'frag-mented', big.toString('latin1')]);
    // A final pong with 'pp', then a final close frame echoing 4000.
    await vi.waitFor(() => expect(fromClient).toEqual(['8a:7070', '88:0fa0']), WAIT);
    expect(seen.errors).toEqual([]);
  });

  it('treats a masked server frame as a protocol error (1002)', async () => {
    const url = await rawServer((s, head) => {
      s.write(head);
      s.write(Buffer.from([0x81, 0x82, 1, 2, 3, 4, 0x68 ^ 1, 0x69 ^ 2]));
    });
    const { seen } = client(url);
    await vi.waitFor(() => expect(seen.closeCode).toBe(1002), WAIT);
    expect(seen.messages).toEqual([]);
    expect(seen.errors).toHaveLength(1);
  });

  it('rejects a 101 without the right Sec-WebSocket-Accept', async () => {
    const url = await rawServer((s) => s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm9wZQ==\r\n\r\n'));
    const { seen } = client(url);
    await vi.waitFor(() => expect(seen.closeCode).toBe(1006), WAIT);
    expect(seen.opened).toBe(false);
    expect(seen.errors[0]).toMatch(/Sec-WebSocket-Accept/);
  });
});
