/**
 * Joining and leaving channels, for both endpoint kinds: keeps `conn.channels`, routes to
 * the channel module and writes the seed's log lines
 * (`User 1 connected to messages_5 channel` / `… disconnected from …`).
 */
import { channelLogName, parseChannel, type Channel } from '@parley/protocol';
import type { ChannelHandler, RealtimeContext } from './channel.js';
import type { Conn } from './conn.js';

export type HandlerFor = (kind: Channel['kind']) => ChannelHandler;

export class Subscriptions {
  constructor(
    private readonly ctx: RealtimeContext,
    private readonly handlerFor: HandlerFor,
  ) {}

  /** Joins (or re-joins, e.g. to resume again with a new `after_seq`) a channel. */
  async join(conn: Conn, name: string, channel: Channel, afterSeq: number | null): Promise<void> {
    if (conn.closed) return;
    if (!conn.channels.has(name)) {
      conn.channels.add(name);
      this.logLine(conn, name, 'connected to');
    }
    await this.handlerFor(channel.kind).join(conn, name, channel, afterSeq);
  }

  leave(conn: Conn, name: string): void {
    if (!conn.channels.has(name)) return;
    const channel = parseChannel(name);
    if (channel) this.handlerFor(channel.kind).leave(conn, name, channel);
    conn.channels.delete(name);
    this.logLine(conn, name, 'disconnected from');
  }

  leaveAll(conn: Conn): void {
    for (const name of [...conn.channels]) this.leave(conn, name);
  }

  /** The multiplexed socket itself is logged as the `ws` channel. */
  logLine(conn: Conn, name: string, what: 'connected to' | 'disconnected from'): void {
    const channel = name === 'ws' ? 'ws' : channelLogName(name);
    this.ctx.log.info({ userId: conn.userId, channel, socketId: conn.id }, `User ${conn.userId} ${what} ${channel} channel`);
  }
}
