/**
 * `npm run bench:encode`: the cost of building and serializing one `new_message` frame,
 * the work the relay does once per send. Prints ns per frame for `encode` as it is and
 * for the form it replaced (a copy of the frame with `channel` added, then serialized),
 * so a change to either the frame or the encoder can be weighed in isolation; S1 runs
 * on a saturated 2-core machine vary more than such a change moves them.
 */
import type { Message } from '@parley/protocol';
import { encode, newMessageFrame } from '../src/realtime/frames.js';

const FRAMES_PER_ROUND = 300_000;
const ROUNDS = 5;

const message: Message = {
  id: 123_456,
  chat_id: 42,
  seq: 98_765,
  sender_id: 7,
  content: 'hello there, this is a typical chat message of some length',
  attachment: null,
  attachment_name: null,
  attachment_size: null,
  reply_to_seq: null,
  timestamp: '2026-12-06T10:00:00.000Z',
  mentions: [],
  client_id: 'c-123456',
};

type Encoder = (m: Message, channel: string) => string;
const encoders: Record<string, Encoder> = {
  'encode (appends channel)': (m, channel) => encode(newMessageFrame(m), channel),
  'copy + channel, then stringify': (m, channel) => JSON.stringify({ ...newMessageFrame(m), channel }),
};

let bytes = 0; // consumed, so the loop cannot be optimized away
function nsPerFrame(encoder: Encoder): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < FRAMES_PER_ROUND; i++) bytes += encoder(message, 'messages/42').length;
  return Number(process.hrtime.bigint() - started) / FRAMES_PER_ROUND;
}

const results = new Map<string, number[]>(Object.keys(encoders).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Alternating, so drift in machine load hits both alike.
  for (const [name, encoder] of Object.entries(encoders)) results.get(name)!.push(nsPerFrame(encoder));
}
console.log(`new_message frame, ${FRAMES_PER_ROUND.toLocaleString('en')} per round, ${ROUNDS} rounds (${bytes > 0 ? 'ok' : '?'})`);
for (const [name, ns] of results) {
  const sorted = [...ns].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${name.padEnd(32)} median ${median.toFixed(0)} ns  (${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)})`);
}
