/**
 * Generates hostile WebSocket frames from a seeded PRNG, each with the replies SPEC §3
 * allows for it ('error:<code>', 'new_message', 'pong', 'subscribed', …). Every frame
 * it makes gets exactly one reply, so a runner can send them one at a time and match.
 */
export interface FuzzCase {
  label: string;
  data: string | Buffer;
  binary?: boolean;
  expect: string[];
  /** Content sent in a frame that may be stored (checked against the reply). */
  content?: string;
  clientId?: string;
}

export interface FuzzTarget {
  endpoint: 'channel' | 'multiplexed';
  /** The fuzzing user's own chat for this socket. */
  chatId: number;
  /** A chat the fuzzing user is not a member of. */
  foreignChatId: number;
}

const STORED = ['new_message', 'error:rate_limited', 'error:invalid'];
const WEIRD = [
  '\u202Eevil.exe\u202C', // RTL override
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', // ZWJ family
  'a\u0000b\u0001c\u001b[31mred\u007f', // NUL and control characters
  'lone \ud800 high', 'lone \udfff low', '\udc00\ud800 reversed pair',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', "'; DROP TABLE messages; --",
  'e\u0301\u0301\u0301 combining', '\ufeffBOM', 'line\u2028sep\u2029para', '\u200B\u200C\u200D zero widths',
  '{"type":"ping"}', '__proto__', 'constructor', '%00%2e%2e%2f', '\\u0000 literal escape',
];
const NOT_TYPES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'PING', 'ping ', '', 'message\u0000', 'new_message', 'error', 'subscribed', 'x'.repeat(300)];

export function makeCases(rand: () => number, t: FuzzTarget, count: number, tag: string): FuzzCase[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const mux = t.endpoint === 'multiplexed';
  const own = `messages/${t.chatId}`;
  const on = (frame: Record<string, unknown>) => (mux ? { channel: own, ...frame } : frame);
  const json = (v: unknown) => JSON.stringify(v);
  const cases: FuzzCase[] = [];
  let n = 0;

  const generators: (() => FuzzCase | null)[] = [
    () => {
      // Not JSON at all: truncations, garbage, JavaScript-isms.
      const full = json(on({ type: 'message', content: 'hello', client_id: 'abc' }));
      const candidates = [full.slice(0, int(1, full.length - 1)), "{'type':'ping'}", '{"type":"ping",}', '{"type":"ping"}}', 'NaN', '', '   ', 'undefined', '\u0000', String.fromCharCode(...Array.from({ length: int(1, 40) }, () => int(32, 126)))];
      const data = pick(candidates);
      try {
        JSON.parse(data);
        return null;
      } catch {
        return { label: 'bad json', data, expect: ['error:bad_json'] };
      }
    },
    () => ({ label: 'not an object', data: pick(['1', '-0', '1e999', '[]', '[{"type":"ping"}]', '"ping"', 'null', 'true']), expect: ['error:invalid'] }),
    () => {
      const type = pick<unknown>([...NOT_TYPES, 42, null, [], {}, true]);
      const frame = rand() < 0.15 ? on({ content: 'no type' }) : on({ type, content: 'x' });
      return { label: `unknown type ${String(type).slice(0, 20)}`, data: json(frame), expect: ['error:unknown_type'] };
    },
    () => {
      const bad = pick<Record<string, unknown>>([
        { type: 'message', content: pick<unknown>([42, null, [], {}, true]) },
        { type: 'message' },
        { type: 'message', content: 'x', client_id: pick<unknown>(['', 'x'.repeat(65), 'has space', 'ünïcode', 7, null]) },
        { type: 'message', content: 'x', attachment: pick(['../../etc/passwd', 'http://evil.test/x.png', '/upload/files/..%2f..%2fjwt-secret', '/upload/files/x']) },
        { type: 'typing', is_typing: pick<unknown>(['yes', 1, null, [], undefined]) },
      ]);
      return { label: 'wrong field types', data: json(on(bad)), expect: ['error:invalid'] };
    },
    () => {
      // Over 4,000 characters but well under the 64 KiB frame limit.
      const unit = pick(['x', '\u{1F600}', 'é']);
      const content = unit.repeat(int(4001, unit.length > 1 ? 7000 : 12000));
      return { label: 'too long', data: json(on({ type: 'message', content })), expect: ['error:too_long'] };
    },
    () => {
      const clientId = `${tag}-${n}`;
      const content = rand() < 0.2 ? 'y'.repeat(4000) : Array.from({ length: int(1, 4) }, () => pick(WEIRD)).join(' ');
      return { label: 'valid message, weird text', data: json(on({ type: 'message', content, client_id: clientId })), expect: STORED, content, clientId };
    },
    () => {
      // Prototype-pollution keys ride along in an otherwise valid frame: extra fields are allowed.
      const clientId = `${tag}-${n}`;
      const data = `{"type":"message","content":"proto","client_id":"${clientId}"${mux ? `,"channel":"${own}"` : ''},"__proto__":{"polluted":true,"type":"ping"},"constructor":{"prototype":{"polluted":true}}}`;
      return { label: 'prototype keys', data, expect: STORED, content: 'proto', clientId };
    },
    () => ({ label: 'ping', data: json(on({ type: 'ping', extra: pick<unknown>([1, 'x', null, { a: [] }]) })), expect: ['pong'] }),
    () => {
      // At most ~60 KB, under the 64 KiB frame limit.
      const d = int(100, 10_000);
      return pick<FuzzCase>([
        // Deep nesting parses (V8's JSON parser is iterative) or fails cleanly.
        { label: 'deep array', data: '['.repeat(d) + ']'.repeat(d), expect: ['error:invalid', 'error:bad_json'] },
        { label: 'deep object', data: '{"a":'.repeat(d) + '1' + '}'.repeat(d), expect: ['error:unknown_type', 'error:bad_json'] },
      ]);
    },
    () => ({ label: 'binary', data: Buffer.from(Array.from({ length: int(0, 200) }, () => int(0, 255))), binary: true, expect: ['error:invalid'] }),
    () => {
      if (!mux) {
        if (rand() < 0.5) return { label: 'subscribe on a channel socket', data: json({ type: pick(['subscribe', 'unsubscribe']), channel: own }), expect: ['error:unknown_type'] };
        // A per-channel socket's frames belong to its own chat, whatever channel they name.
        const clientId = `${tag}-${n}`;
        const data = json({ type: 'message', channel: `messages/${t.foreignChatId}`, content: 'stays home', client_id: clientId });
        return { label: 'foreign channel on a channel socket', data, expect: STORED, content: 'stays home', clientId };
      }
      return pick<FuzzCase>([
        { label: 'subscribe own', data: json({ type: 'subscribe', channel: own }), expect: ['subscribed', 'error:rate_limited'] },
        { label: 'unsubscribe own', data: json({ type: 'unsubscribe', channel: own }), expect: ['unsubscribed'] },
        { label: 'subscribe foreign', data: json({ type: 'subscribe', channel: `messages/${t.foreignChatId}` }), expect: ['error:forbidden', 'error:rate_limited'] },
        { label: 'subscribe nonsense', data: json({ type: 'subscribe', channel: pick(['messages/0', 'messages/-1', 'messages/1.5', 'messages/abc', '../feed', 'FEED', 'messages/ 1']) }), expect: ['error:invalid'] },
        { label: 'subscribe bad after_seq', data: json({ type: 'subscribe', channel: own, after_seq: pick<unknown>([-1, 1.5, '3', null]) }), expect: ['error:invalid'] },
        { label: 'message to a foreign chat', data: json({ type: 'message', channel: `messages/${t.foreignChatId}`, content: 'intrusion' }), expect: ['error:forbidden', 'error:rate_limited'] },
        { label: 'message without channel', data: json({ type: 'message', content: 'where' }), expect: ['error:invalid'] },
        { label: 'message on feed', data: json({ type: 'message', channel: 'feed', content: 'x' }), expect: ['error:invalid'] },
      ]);
    },
  ];

  // Bounded: a generator returns null only for the rare candidate that happens to parse.
  for (let guard = 0; cases.length < count && guard < count * 10; guard++) {
    const c = pick(generators)();
    if (!c) continue;
    n++;
    cases.push(c);
  }
  return cases;
}
