import { describe, expect, it } from 'vitest';
import type { Message } from '@parley/protocol';
import { encode, errorFrame, newMessageFrame } from './frames.js';

const message: Message = {
  id: 7,
  chat_id: 5,
  seq: 3,
  sender_id: 2,
  content: 'a "quoted" }, brace',
  attachment: null,
  timestamp: '2026-12-06T10:00:00.000Z',
  client_id: 'c-1',
};

describe('encode', () => {
  it('adds the channel to a frame as one more field', () => {
    const text = encode(newMessageFrame(message), 'messages/5');
    expect(JSON.parse(text)).toEqual({ ...newMessageFrame(message), channel: 'messages/5' });
  });

  it('leaves a frame without a channel as it is', () => {
    expect(JSON.parse(encode({ type: 'pong' }, undefined))).toEqual({ type: 'pong' });
  });

  it('escapes a channel name like any JSON string', () => {
    expect(JSON.parse(encode({ type: 'pong' }, 'we"ird\\')).channel).toBe('we"ird\\');
  });

  it('writes the channel once for a frame that already names one', () => {
    const text = encode({ type: 'subscribed', channel: 'messages/1' }, 'messages/2');
    expect(text.match(/"channel"/g)).toHaveLength(1);
    expect(JSON.parse(text)).toEqual({ type: 'subscribed', channel: 'messages/2' });
    expect(JSON.parse(errorFrame('forbidden', 'no', { channel: 'messages/9' }))).toEqual({ type: 'error', code: 'forbidden', message: 'no', channel: 'messages/9' });
  });
});
