import { describe, expect, it } from 'vitest';
import { channelLogName, formatChannel, parseChannel } from './channels.js';

describe('channels', () => {
  it('parses every SPEC channel and round-trips it', () => {
    for (const name of ['messages/5', 'messages/*', 'connections', 'notifications', 'feed', 'online']) {
      const parsed = parseChannel(name);
      expect(parsed).not.toBeNull();
      expect(formatChannel(parsed!)).toBe(name);
    }
  });
  it('rejects what is not a channel', () => {
    for (const name of ['messages/0', 'messages/-1', 'messages/05', 'messages/abc', 'messages', 'feed/1', '', 'messages/99999999999999999']) {
      expect(parseChannel(name)).toBeNull();
    }
  });
  it('spells channels the way the seed logs them', () => {
    expect(channelLogName('messages/5')).toBe('messages_5');
  });
});
