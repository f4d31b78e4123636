import { describe, expect, it } from 'vitest';
import { decodeClientFrame } from './index.js';

describe('decodeClientFrame', () => {
  it('accepts the seed frames', () => {
    expect(decodeClientFrame('{"type":"message","content":"Hello!"}')).toMatchObject({ ok: true, frame: { type: 'message', content: 'Hello!' } });
    expect(decodeClientFrame('{"type":"typing","is_typing":true}')).toMatchObject({ ok: true });
    expect(decodeClientFrame('{"type":"ping"}')).toMatchObject({ ok: true });
    expect(decodeClientFrame('{"type":"message","content":"x","attachment":"/upload/files/AbCdEfGhIjKlMnOp1234.jpg"}')).toMatchObject({ ok: true });
  });
  it('keeps the channel of a multiplexed frame', () => {
    expect(decodeClientFrame('{"channel":"messages/5","type":"message","content":"x"}')).toMatchObject({ ok: true, channel: 'messages/5' });
  });
  it('classifies bad frames with SPEC codes', () => {
    expect(decodeClientFrame('{nope')).toMatchObject({ ok: false, code: 'bad_json' });
    expect(decodeClientFrame('[1]')).toMatchObject({ ok: false, code: 'invalid' });
    expect(decodeClientFrame('"str"')).toMatchObject({ ok: false, code: 'invalid' });
    expect(decodeClientFrame('{"type":"shout"}')).toMatchObject({ ok: false, code: 'unknown_type' });
    expect(decodeClientFrame('{"type":"__proto__"}')).toMatchObject({ ok: false, code: 'unknown_type' });
    expect(decodeClientFrame('{}')).toMatchObject({ ok: false, code: 'unknown_type' });
    expect(decodeClientFrame('{"type":"message","content":5}')).toMatchObject({ ok: false, code: 'invalid' });
    expect(decodeClientFrame('{"type":"message","content":"x","client_id":"has space"}')).toMatchObject({ ok: false, code: 'invalid', client_id: 'has space' });
    expect(decodeClientFrame('{"type":"message","content":"x","attachment":"/etc/passwd"}')).toMatchObject({ ok: false, code: 'invalid' });
    expect(decodeClientFrame('{"type":"typing","is_typing":"yes"}')).toMatchObject({ ok: false, code: 'invalid' });
  });
});
