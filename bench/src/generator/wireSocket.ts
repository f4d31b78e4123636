/**
 * A minimal RFC 6455 client on node:net for the generator's sockets, which receive 100k+
 * frames/s on one core. It does only what they need (open without extensions, hand each
 * message over as bytes, send text, answer pings, close) with less JavaScript per frame
 * than the `ws` client's emitter and receiver stream. ws:// only: benchmarks run on
 * loopback or a LAN.
 *
 * Reads go through net's `onread` into one buffer shared by every socket of the process:
 * no allocation and no stream machinery per read. That is safe because each read is
 * handled synchronously before libuv reads the next socket, and it is why a message
 * handed to onMessage is only valid during that call.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';

export type WireState = 'connecting' | 'open' | 'closing' | 'closed';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const enum Op { Cont = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xa }
const HEAD_END = Buffer.from('\r\n\r\n');
/** A response head this long is not a WebSocket server answering. */
const MAX_HEAD = 16 * 1024;
/** ws's default maxPayload: a corrupt length field must not make us allocate gigabytes. */
const MAX_MESSAGE = 100 * 1024 * 1024;
/** How long a started close handshake may wait for the server to end TCP (ws's value). */
const CLOSE_TIMEOUT_MS = 30_000;

// Every client frame needs a fresh random mask; taking them from a pool refilled once per
// 1,024 frames keeps a crypto call off the send path (ws does the same).
const maskPool = Buffer.alloc(4096);
let maskAt = maskPool.length;
/** Every socket's reads land here; 64 KiB is what libuv would allocate per read otherwise. */
const readBuf = Buffer.allocUnsafe(64 * 1024);

/** Header bytes before the payload (mask key excluded), known from the second byte. */
const headSize = (b1: number): number => ((b1 & 0x7f) === 126 ? 4 : (b1 & 0x7f) === 127 ? 10 : 2);

/** A masked client frame with room for `len` payload bytes at its end, mask key written. */
function frameFor(opcode: number, len: number): Buffer {
  const ext = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const buf = Buffer.allocUnsafe(6 + ext + len);
  buf[0] = 0x80 | opcode;
  buf[1] = 0x80 | (ext === 0 ? len : ext === 2 ? 126 : 127);
  if (ext === 2) buf.writeUInt16BE(len, 2);
  else if (ext === 8) {
    buf.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    buf.writeUInt32BE(len >>> 0, 6);
  }
  if (maskAt === maskPool.length) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  maskPool.copy(buf, 2 + ext, maskAt, maskAt + 4);
  maskAt += 4;
  return buf;
}

/** XORs the last `len` bytes of a frame with the mask key just before them. */
function maskTail(buf: Buffer, len: number): void {
  const at = buf.length - len;
  for (let i = 0; i < len; i++) buf[at + i] = buf[at + i]! ^ buf[at - 4 + (i & 3)]!;
}

export class WireSocket {
  onOpen: () => void = () => {};
  /** A whole message, text or binary, as bytes (the generator only scans bytes, so no UTF-8 check). Often a view of the shared read buffer: copy it to keep it past the call. */
  onMessage: (data: Buffer) => void = () => {};
  /** The server's close code, 1005 when its close frame had none, 1006 when TCP ended without one, 1002 on a protocol error. */
  onClose: (code: number) => void = () => {};
  onError: (message: string) => void = () => {};

  private socket: Socket | null = null;
  private _state: WireState = 'connecting';
  private head: Buffer | null = null;
  private accept = '';
  private handshakeTimer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private closeSent = false;
  private closeCode = 1006;
  /** Set once frames must no longer be read: a close frame arrived, or the socket failed. */
  private stopped = false;
  private waiters: (() => void)[] = [];
  // Parser state that outlives one TCP chunk: a split header, a split payload, fragments.
  private readonly hdr = Buffer.alloc(10);
  private hdrLen = 0;
  private payload: Buffer | null = null;
  private filled = 0;
  private fin = false;
  private opcode = 0;
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;

  get state(): WireState {
    return this._state;
  }

  /** Starts connecting; an unusable URL throws, anything later is reported through onError and onClose. */
  connect(url: string, opts: { localAddress?: string; handshakeTimeoutMs: number }): void {
    const u = new URL(url);
    if (u.protocol !== 'ws:') throw new Error(`only ws:// URLs are supported: ${url}`);
    const key = randomBytes(16).toString('base64');
    this.accept = createHash('sha1').update(key + GUID).digest('base64');
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const onread = { buffer: readBuf, callback: (n: number) => this.onRead(readBuf.subarray(0, n)) };
    const socket = netConnect({ host, port: Number(u.port) || 80, onread, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', (e) => {
      this.stopped = true;
      this.onError(e.message);
    });
    socket.on('close', () => this.finish());
    this.handshakeTimer = setTimeout(() => this.fail('Opening handshake has timed out'), opts.handshakeTimeoutMs);
    socket.write(`GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`);
  }

  /** One masked text frame in one write; false when the socket is not open. */
  send(text: string): boolean {
    if (this._state !== 'open') return false;
    const len = Buffer.byteLength(text);
    const buf = frameFor(Op.Text, len);
    buf.write(text, buf.length - len, 'utf8');
    maskTail(buf, len);
    this.socket!.write(buf);
    return true;
  }

  /** Starts the close handshake and resolves once the TCP connection is gone. */
  close(code = 1000): Promise<void> {
    if (this._state === 'closed' || !this.socket) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this._state === 'connecting') this.fail('WebSocket was closed before the connection was established');
    else if (this._state === 'open') this.sendClose(code);
    return done;
  }

  terminate(): void {
    this.stopped = true;
    this.socket?.destroy();
  }

  private fail(message: string, code = 1006): void {
    if (!this.socket || this.socket.destroyed) return;
    this.stopped = true;
    this.closeCode = code;
    this.onError(message);
    this.socket.destroy();
  }

  private finish(): void {
    clearTimeout(this.handshakeTimer);
    clearTimeout(this.closeTimer);
    // A server hanging up mid-handshake gets a reason, as ws gives one.
    if (this._state === 'connecting' && !this.stopped) this.onError('socket hang up');
    this._state = 'closed';
    this.onClose(this.closeCode);
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** net's onread callback: returning false would pause reading, and this client never pauses. */
  private onRead(chunk: Buffer): boolean {
    if (this._state === 'connecting') this.readHead(chunk);
    else if (this._state !== 'closed') this.readFrames(chunk);
    return true;
  }

  private readHead(chunk: Buffer): void {
    const buf = this.head ? Buffer.concat([this.head, chunk]) : chunk;
    const end = buf.indexOf(HEAD_END);
    if (end < 0) {
      this.head = buf === chunk ? Buffer.from(chunk) : buf; // the read buffer is reused
      if (buf.length > MAX_HEAD) this.fail('response head too large');
      return;
    }
    this.head = null;
    const head = buf.toString('latin1', 0, end);
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
    if (status !== '101') return this.fail(status ? `HTTP ${status}` : 'invalid HTTP response');
    if (!/\r\nupgrade:[ \t]*websocket[ \t]*(\r\n|$)/i.test(head)) return this.fail('Invalid Upgrade header');
    if (/\r\nsec-websocket-accept:[ \t]*(\S*)/i.exec(head)?.[1] !== this.accept) return this.fail('Invalid Sec-WebSocket-Accept header');
    if (/\r\nsec-websocket-extensions:/i.test(head)) return this.fail('Server sent an extension but none was requested');
    clearTimeout(this.handshakeTimer);
    this._state = 'open';
    this.onOpen();
    // The server may send its first frames in the same TCP chunk as its 101 response.
    if (end + 4 < buf.length) this.readFrames(buf.subarray(end + 4));
  }

  private readFrames(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.stopped) {
      if (this.payload) {
        // The rest of a frame that began in an earlier chunk.
        const take = Math.min(this.payload.length - this.filled, chunk.length - i);
        this.filled += chunk.copy(this.payload, this.filled, i, i + take);
        i += take;
        if (this.filled < this.payload.length) return;
        const p = this.payload;
        this.payload = null;
        this.onFrame(this.fin, this.opcode, p);
        continue;
      }
      let src = chunk;
      let at = i;
      if (this.hdrLen > 0 || chunk.length - i < 2 || chunk.length - i < headSize(chunk[i + 1]!)) {
        // The header itself is split: gather its (at most 10) bytes.
        const { hdr } = this;
        while (i < chunk.length && (this.hdrLen < 2 || this.hdrLen < headSize(hdr[1]!))) hdr[this.hdrLen++] = chunk[i++]!;
        if (this.hdrLen < 2 || this.hdrLen < headSize(hdr[1]!)) return;
        src = hdr;
        at = 0;
        this.hdrLen = 0;
      } else i += headSize(chunk[i + 1]!);
      const b0 = src[at]!;
      const b1 = src[at + 1]!;
      if (b1 & 0x80) return this.fail('server frames must not be masked', 1002);
      if (b0 & 0x70) return this.fail('RSV bits set without a negotiated extension', 1002);
      const len7 = b1 & 0x7f;
      const len = len7 < 126 ? len7 : len7 === 126 ? src.readUInt16BE(at + 2) : src.readUInt32BE(at + 2) * 2 ** 32 + src.readUInt32BE(at + 6);
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode >= 8 && (!fin || len > 125)) return this.fail('invalid control frame', 1002);
      if (len + this.fragmentBytes > MAX_MESSAGE) return this.fail('Max payload size exceeded', 1009);
      if (chunk.length - i >= len) {
        // The common case: the whole frame is inside this read, so no copy.
        const p = chunk.subarray(i, i + len);
        i += len;
        this.onFrame(fin, opcode, p);
      } else {
        this.payload = Buffer.allocUnsafe(len);
        this.filled = 0;
        this.fin = fin;
        this.opcode = opcode;
      }
    }
  }

  private onFrame(fin: boolean, opcode: number, p: Buffer): void {
    if (opcode === Op.Ping && this._state === 'open') this.control(Op.Pong, p);
    if (opcode === Op.Ping || opcode === Op.Pong) return;
    if (opcode === Op.Close) return this.onCloseFrame(p);
    if (opcode === Op.Cont) {
      if (this.fragments.length === 0) return this.fail('continuation frame outside a message', 1002);
    } else if (opcode === Op.Text || opcode === Op.Binary) {
      if (this.fragments.length > 0) return this.fail('new message inside a fragmented one', 1002);
      if (fin) return this.onMessage(p);
    } else return this.fail(`unknown opcode ${opcode}`, 1002);
    // A fragment in the shared read buffer would be overwritten by the next read: keep a copy.
    this.fragments.push(p.buffer === readBuf.buffer ? Buffer.from(p) : p);
    this.fragmentBytes += p.length;
    if (!fin) return;
    const message = Buffer.concat(this.fragments, this.fragmentBytes);
    this.fragments = [];
    this.fragmentBytes = 0;
    this.onMessage(message);
  }

  private onCloseFrame(p: Buffer): void {
    if (p.length === 1) return this.fail('close frame with a 1-byte payload', 1002);
    this.stopped = true;
    this.closeCode = p.length >= 2 ? p.readUInt16BE(0) : 1005;
    // Echo the server's code (none when it sent none), then end our side; the server ends TCP.
    if (!this.closeSent) this.sendClose(this.closeCode === 1005 ? null : this.closeCode);
    this.socket!.end();
  }

  private sendClose(code: number | null): void {
    this.control(Op.Close, code === null ? Buffer.alloc(0) : Buffer.from([code >> 8, code & 0xff]));
    this.closeSent = true;
    this._state = 'closing';
    this.closeTimer = setTimeout(() => this.socket!.destroy(), CLOSE_TIMEOUT_MS);
  }

  private control(opcode: number, payload: Buffer): void {
    const buf = frameFor(opcode, payload.length);
    payload.copy(buf, buf.length - payload.length);
    maskTail(buf, payload.length);
    this.socket!.write(buf);
  }
}
