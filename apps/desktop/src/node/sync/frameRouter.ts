/**
 * Turns each server frame into cache writes, bridge events and alert candidates.
 * A chat's stream (messages and the events that change them) goes through
 * MessageIntake (batched, idempotent by seq); everything keyed by an id (requests,
 * comments, notifications) is written so that seeing it twice changes nothing and
 * raises nothing. `read` frames move read positions (seen ticks, and my unread counts
 * when I read on another device).
 */
import { isChatEvent, parseChannel, type MultiplexedServerFrame } from '@parley/protocol';
import type { CoreContext } from '../app/context.js';
import type { Publisher } from '../app/publish.js';
import type { MessageIntake } from './messageIntake.js';
import { acceptedItem, commentItem, reactionItem, requestItem } from './notificationItems.js';
import type { Outbox } from './outbox.js';
import type { PreferencesSync } from './preferencesSync.js';
import type { NotificationView } from '../../common/views.js';

export class FrameRouter {
  constructor(
    private readonly ctx: CoreContext,
    private readonly publish: Publisher,
    private readonly intake: MessageIntake,
    private readonly outbox: Outbox,
    /** Re-reads the chat list (and subscribes new chats with their cursor). */
    private readonly refreshChats: () => Promise<void>,
    /** The server refused me a chat's channel: it ends here, read-only. */
    private readonly lostAccess: (chatId: number) => Promise<void>,
    private readonly preferences: PreferencesSync,
  ) {}

  async route(frame: MultiplexedServerFrame): Promise<void> {
    const now = () => new Date(this.ctx.clock.now()).toISOString();
    if (isChatEvent(frame)) {
      this.intake.push(frame);
      return;
    }
    switch (frame.type) {
      case 'read':
        if (await this.ctx.cache.applyRead(this.ctx.me(), frame)) {
          if (frame.user_id === this.ctx.me()) this.ctx.alerts.chatSeen(frame.chat_id);
          await this.publish.chats([frame.chat_id]);
        }
        return;
      case 'chat_created':
        await this.refreshChats();
        return;
      case 'typing':
        this.ctx.events.emit('typing.changed', { chatId: frame.chat_id, userId: frame.user_id, isTyping: frame.is_typing });
        return;
      case 'connection_request':
        await this.ctx.cache.upsertUsers([{ id: frame.from_user_id, full_name: frame.from_user_name }]);
        await this.ctx.cache.addRequest({ request_id: frame.request_id, from_user_id: frame.from_user_id, from_user_name: frame.from_user_name });
        await this.publish.requests();
        await this.notify(requestItem(frame, now()));
        return;
      case 'connection_accepted':
        await this.ctx.cache.addContact(frame.user_id, frame.user_name, frame.request_id);
        await this.ctx.cache.removeRequest(frame.request_id);
        await Promise.all([this.publish.contacts(), this.publish.requests()]);
        // The accepter gets the frame too; only the one who asked hears news.
        if (!this.ctx.acceptedByMe.delete(frame.request_id)) await this.notify(acceptedItem(frame, now()));
        return;
      case 'connection_removed':
        // Declined, cancelled, removed or blocked: the server's lists are the truth now.
        await this.ctx.cache.removeRequest(frame.request_id);
        await this.ctx.cache.replaceContacts(await this.ctx.api.connections());
        await Promise.all([this.publish.contacts(), this.publish.requests()]);
        return;
      case 'profile_updated': {
        // A connection (or I, on another device) changed name or picture.
        const user = { id: frame.user_id, full_name: frame.full_name, ...(frame.avatar_url ? { avatar_url: frame.avatar_url } : {}) };
        await this.ctx.cache.upsertUsers([user]);
        const mine = this.ctx.session.current?.user;
        if (mine && mine.id === frame.user_id) await this.ctx.session.updateUser({ ...mine, ...user });
        await this.publish.contacts();
        return;
      }
      case 'comment_on_post':
        await this.ctx.cache.upsertUsers([{ id: frame.user_id, full_name: frame.user_name }]);
        await this.notify(commentItem(frame, now()));
        return;
      case 'reaction_on_post': {
        const isNew = await this.notify(reactionItem(frame, now()));
        const post = isNew ? await this.ctx.cache.addReaction(frame.post_id, frame.reaction) : null;
        if (post) this.ctx.events.emit('posts.upserted', [post]);
        return;
      }
      case 'new_post': {
        const views = await this.ctx.cache.upsertPosts([frame.post]);
        this.ctx.events.emit('posts.upserted', views);
        return;
      }
      case 'new_comment': {
        const comments = await this.ctx.cache.insertComments([frame.comment]);
        if (!comments.length) return;
        this.ctx.events.emit('comments.upserted', comments);
        const post = await this.ctx.cache.postView(frame.comment.postId);
        if (post) this.ctx.events.emit('posts.upserted', [post]);
        return;
      }
      case 'preferences_updated':
        // Changed on this or another of my devices: the newest version wins.
        await this.preferences.apply(frame.preferences);
        return;
      case 'online_users':
        await this.ctx.cache.upsertUsers(frame.users.map((u) => ({ id: u.user_id, full_name: u.full_name })));
        await this.ctx.cache.setOnlineSet(frame.users.map((u) => u.user_id));
        await this.publish.contacts();
        return;
      case 'user_online':
        await this.ctx.cache.setOnline(frame.user_id, true);
        await this.publish.contacts();
        // Only a live transition alerts; the online_users list after a reconnect does not.
        await this.ctx.alerts.offer([{ kind: 'contact_online', userId: frame.user_id, name: frame.full_name, at: this.ctx.clock.now() }]);
        return;
      case 'user_offline':
        await this.ctx.cache.setOnline(frame.user_id, false);
        await this.publish.contacts();
        return;
      case 'error':
        if (await this.outbox.onError(frame)) return;
        await this.onChannelRefused(frame);
        return;
      case 'pong':
      case 'subscribed':
      case 'unsubscribed':
        return;
    }
  }

  /**
   * The server refused a chat's channel to me: I was removed (possibly while offline,
   * so no `member_removed` reached this cache). The cached history stays, read-only.
   */
  private async onChannelRefused(frame: Extract<MultiplexedServerFrame, { type: 'error' }>): Promise<void> {
    if (frame.code !== 'forbidden' || frame.client_id || !frame.channel) return;
    const channel = parseChannel(frame.channel);
    if (channel?.kind === 'messages') await this.lostAccess(channel.chatId);
  }

  /** Without a socket, presence is unknown: show everyone offline rather than stale dots. */
  async lostPresence(): Promise<void> {
    await this.ctx.cache.allOffline();
    await this.publish.contacts();
  }

  /** Stores a notification; returns whether it was new (and then offers it as an alert). */
  private async notify(item: Omit<NotificationView, 'read'>): Promise<boolean> {
    const added = await this.ctx.cache.addNotifications([item]);
    if (!added.length) return false;
    this.ctx.events.emit('notifications.upserted', added);
    await this.ctx.alerts.offer(added.map((notification) => ({ kind: 'notification' as const, notification })));
    return true;
  }
}
