/**
 * Channel grammar (SPEC §3): `messages/{chat_id}`, `messages/*` (multiplexed only),
 * `connections`, `notifications`, `feed`, `online`.
 */
export type Channel =
  | { kind: 'messages'; chatId: number }
  | { kind: 'messages_all' }
  | { kind: 'connections' }
  | { kind: 'notifications' }
  | { kind: 'feed' }
  | { kind: 'online' };

export type ChannelName = string;

const SIMPLE = new Set(['connections', 'notifications', 'feed', 'online'] as const);
const CHAT_RE = /^messages\/([1-9][0-9]{0,15})$/;

/** Parses a channel name; returns null for anything that is not a channel. */
export function parseChannel(name: string): Channel | null {
  if (SIMPLE.has(name as 'feed')) return { kind: name as 'feed' };
  if (name === 'messages/*') return { kind: 'messages_all' };
  const m = CHAT_RE.exec(name);
  if (!m) return null;
  const chatId = Number(m[1]);
  return Number.isSafeInteger(chatId) ? { kind: 'messages', chatId } : null;
}

export function formatChannel(channel: Channel): ChannelName {
  switch (channel.kind) {
    case 'messages':
      return `messages/${channel.chatId}`;
    case 'messages_all':
      return 'messages/*';
    default:
      return channel.kind;
  }
}

export function chatChannel(chatId: number): ChannelName {
  return `messages/${chatId}`;
}

/** The seed's log spelling: `messages/5` → `messages_5`. */
export function channelLogName(name: ChannelName): string {
  return name.replace('/', '_');
}
