/**
 * Wire framing for generator sockets, kept cheap: received frames are scanned as bytes
 * for the benchmark marker instead of being JSON-parsed, so the generator spends its
 * core on sending and counting rather than decoding.
 *
 * Content sent by the generator is `b|<send time, µs>|<padding>`; a server echoes it
 * inside new_message / new_post, in JSON or inside socket.io's `42[...]` packets alike.
 */
import type { WireCodec } from '../targets/peers.js';

const MARK = Buffer.from('b|');
const PIPE = 0x7c;

/** Send time embedded in a frame, or -1 when the frame carries none. */
export function markerUs(buf: Buffer): number {
  const i = buf.indexOf(MARK);
  if (i < 0) return -1;
  let v = 0;
  for (let j = i + 2; j < buf.length; j++) {
    const c = buf[j]!;
    if (c === PIPE) return v;
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
  }
  return -1;
}

export function content(sendUs: number, bytes: number): string {
  const head = `b|${sendUs}|`;
  return bytes > head.length ? head + 'x'.repeat(bytes - head.length) : head;
}

/** Text of a client frame `{type, ...fields}` in the codec's framing. */
export function frame(codec: WireCodec, type: string, jsonFields: string): string {
  const json = jsonFields ? `{"type":"${type}",${jsonFields}}` : `{"type":"${type}"}`;
  return codec === 'json' ? json : `42["${type}",${json}]`;
}

export function messageFrame(codec: WireCodec, text: string): string {
  return frame(codec, 'message', `"content":"${text}"`);
}
