/**
 * BridgeHandlers (common/bridge.ts) over the desktop services: every call the renderer
 * can make. Reads come from the cache, so they answer with the server down; writes
 * that need the server fail with a code the UI can show (`network`, `offline`), except
 * chat messages and read marks, which are kept and sent when the connection returns.
 */
import { parseChannel, type ChatEvent } from '@parley/protocol';
import type { BridgeHandlers } from '../../common/bridge.js';
import type { CommentView, Snapshot } from '../../common/views.js';
import type { Core } from '../app/core.js';
import { ApiError } from '../session/apiClient.js';
import { externalLink } from '../shell/externalLink.js';
import { createAccountHandlers } from './accountHandlers.js';
import { searchMessages } from '../search/searchService.js';
import { BridgeError } from './dispatch.js';

export function createHandlers(core: Core): BridgeHandlers {
  const { ctx, publish, outbox, sync, uploads } = core;
  const me = () => ctx.me();

  /**
   * A change the server made an event of: put that event through the intake at once, so
   * the cache (and the UI) has it before the live frame, which then changes nothing.
   */
  const applied = async (event: ChatEvent | null): Promise<null> => {
    if (event) await sync.intake.addEvents([event]);
    return null;
  };

  const serverUrlFor = async (explicit: string | undefined): Promise<string> => {
    const url = explicit ?? (await core.defaultServerUrl());
    if (!url) throw new BridgeError('no_server', 'Enter the server address.');
    return url;
  };

  return {
    ...createAccountHandlers(core),
    async 'app.snapshot'(): Promise<Snapshot> {
      const settings = await ctx.settings();
      const signedIn = ctx.session.userId !== null;
      const snapshot: Snapshot = {
        session: ctx.session.current,
        connection: ctx.socket.state,
        chats: signedIn ? await ctx.cache.chatViews(me(), settings.preferences.chat_modes) : [],
        contacts: signedIn ? await ctx.cache.contactViews(settings.starredUserIds) : [],
        requests: signedIn ? await ctx.cache.requestViews() : [],
        posts: signedIn ? await ctx.cache.listPosts(undefined, 50) : [],
        notifications: signedIn ? await ctx.cache.notificationViews() : [],
        settings,
        users: signedIn ? await ctx.cache.users() : [],
        attachmentNames: signedIn ? await ctx.cache.attachmentNames() : {},
      };
      const defaultServerUrl = await core.defaultServerUrl();
      if (defaultServerUrl) snapshot.defaultServerUrl = defaultServerUrl;
      // Read live state after the last await: a `connection.changed` or `session.changed`
      // pushed while the cache reads ran reaches the renderer before this reply, so a value
      // read at the start would overwrite the newer one there (seen as a banner stuck on
      // "Connecting…" when the socket opened during the snapshot).
      snapshot.session = ctx.session.current;
      snapshot.connection = ctx.socket.state;
      return snapshot;
    },
    async 'session.register'(req) {
      const view = await ctx.session.register(await serverUrlFor(req.serverUrl), { email: req.email, password: req.password, full_name: req.full_name });
      core.goOnline();
      return view;
    },
    async 'session.login'(req) {
      const view = await ctx.session.login(await serverUrlFor(req.serverUrl), { email: req.email, password: req.password });
      core.goOnline();
      return view;
    },
    async 'session.logout'() {
      await core.signOut(true);
      return null;
    },
    async 'connection.retryNow'() {
      ctx.socket.retryNow();
      return null;
    },
    async 'chats.create'(req) {
      const chat = await ctx.api.createChat(req);
      await ctx.cache.upsertChats([chat]);
      await sync.refreshChats().catch(() => publish.chats([chat.id]));
      return chat;
    },
    async 'chats.markRead'({ chatId, seq }) {
      await ctx.cache.markRead(chatId, seq);
      ctx.alerts.chatSeen(chatId);
      await publish.chats([chatId]);
      // The read is stored; sending it to the server is retried until it lands.
      void sync.flushReads().catch((err: unknown) => {
        if (!ctx.closing) console.error('sync: sending reads failed:', err);
      });
      return null;
    },
    async 'chats.setMuted'({ chatId, muted }) {
      await sync.preferences.update({ chat_modes: { [String(chatId)]: muted ? 'none' : 'all' } });
      return null;
    },
    async 'chats.setNotifyMode'({ chatId, mode }) {
      await sync.preferences.update({ chat_modes: { [String(chatId)]: mode } });
      return null;
    },
    async 'chats.rename'({ chatId, title }) {
      return applied(await ctx.api.renameChat(chatId, title));
    },
    async 'chats.addMember'({ chatId, userId }) {
      return applied(await ctx.api.addMember(chatId, userId));
    },
    async 'chats.removeMember'({ chatId, userId }) {
      return applied(await ctx.api.removeMember(chatId, userId));
    },
    async 'chats.leave'({ chatId }) {
      return applied(await ctx.api.leaveChat(chatId));
    },
    async 'chats.setFocused'(focus) {
      core.focus = focus;
      if (focus.chatId !== null && focus.windowFocused) ctx.alerts.chatSeen(focus.chatId);
      return null;
    },
    async 'messages.list'({ chatId, beforeSeq, limit = 50 }) {
      let page = await ctx.cache.listMessages(me(), chatId, beforeSeq, limit);
      const chat = (await ctx.cache.chatViews(me(), {}, [chatId]))[0];
      // A chat I left or was removed from shows what the cache kept: the server refuses more.
      if (!page.complete && ctx.socket.isOnline && !chat?.ended) {
        const before = beforeSeq ?? (chat ? chat.last_seq + 1 : undefined);
        try {
          if (before !== undefined) {
            const rows = await ctx.api.messages(chatId, { before_seq: before, limit });
            // A full page covers seqs from its oldest row up; a short one reaches seq 1.
            const low = rows.length >= limit ? (rows[0]?.seq ?? 1) : 1;
            await sync.intake.add(rows, { chatId, low, high: before - 1 });
          }
          page = await ctx.cache.listMessages(me(), chatId, beforeSeq, limit);
        } catch (err) {
          if (err instanceof ApiError && err.status === 403) await sync.lostAccess(chatId);
          else if (!(err instanceof ApiError && err.isNetwork)) throw err;
        }
      }
      return page.messages;
    },
    async 'messages.send'({ chatId, content, attachment, replyToSeq, mentions }) {
      if (!content.trim() && !attachment) throw new BridgeError('invalid', 'A message needs text or an attachment.');
      const [chat] = await ctx.cache.chatViews(me(), {}, [chatId]);
      if (chat?.ended) throw new BridgeError('forbidden', chat.ended === 'left' ? 'You left this chat.' : 'You were removed from this chat.');
      return outbox.send(chatId, content, attachment ?? null, replyToSeq ?? null, mentions ?? []);
    },
    async 'messages.edit'({ chatId, seq, content, mentions }) {
      return applied(await ctx.api.editMessage(chatId, seq, content, mentions ?? []));
    },
    async 'search.messages'({ q, chatId, before }) {
      return searchMessages(ctx, { q, chatId, before });
    },
    async 'messages.delete'({ chatId, seq }) {
      return applied(await ctx.api.deleteMessage(chatId, seq));
    },
    async 'messages.react'({ chatId, seq, reaction, remove }) {
      return applied(await ctx.api.react(chatId, seq, reaction, remove ?? false));
    },
    async 'messages.retry'({ clientId }) {
      const view = await outbox.retry(clientId);
      if (!view) throw new BridgeError('not_found', 'That message is no longer waiting to be sent.');
      return view;
    },
    async 'messages.setTyping'({ chatId, isTyping }) {
      ctx.socket.send({ channel: `messages/${chatId}`, type: 'typing', is_typing: isTyping });
      return null;
    },
    async 'users.search'({ q }) {
      const users = await ctx.api.searchUsers(q);
      await ctx.cache.upsertUsers(users);
      return users;
    },
    async 'users.setStarred'({ userId, starred }) {
      const ids = new Set((await ctx.settings()).starredUserIds);
      if (starred) ids.add(userId);
      else ids.delete(userId);
      ctx.events.emit('settings.changed', await ctx.cache.updateSettings({ starredUserIds: [...ids] }));
      await publish.contacts();
      return null;
    },
    async 'connections.request'({ toUserId }) {
      await ctx.api.requestConnection(toUserId);
      return null;
    },
    async 'connections.accept'({ requestId }) {
      ctx.acceptedByMe.add(requestId);
      await ctx.api.acceptConnection(requestId);
      await ctx.cache.removeRequest(requestId);
      await ctx.cache.replaceContacts(await ctx.api.connections());
      await Promise.all([publish.requests(), publish.contacts()]);
      return null;
    },
    async 'connections.decline'({ requestId }) {
      await ctx.api.declineConnection(requestId);
      await ctx.cache.removeRequest(requestId);
      await publish.requests();
      return null;
    },
    async 'connections.remove'({ connectionId }) {
      await ctx.api.removeConnection(connectionId);
      await ctx.cache.replaceContacts(await ctx.api.connections());
      await publish.contacts();
      return null;
    },
    async 'blocks.list'() {
      return ctx.api.blocks();
    },
    async 'blocks.block'({ userId }) {
      const blocked = await ctx.api.block(userId);
      // The block ended any connection or request between us: show that at once.
      await ctx.cache.replaceContacts(await ctx.api.connections());
      await ctx.cache.replaceRequests(await ctx.api.connectionRequests());
      await Promise.all([publish.contacts(), publish.requests()]);
      return blocked;
    },
    async 'blocks.unblock'({ userId }) {
      await ctx.api.unblock(userId);
      return null;
    },
    async 'feed.list'({ before }) {
      try {
        const posts = await ctx.api.posts({ before, limit: 20 });
        await ctx.cache.upsertPosts(posts);
      } catch (err) {
        if (!(err instanceof ApiError && (err.isNetwork || err.status === 401))) throw err;
      }
      return ctx.cache.listPosts(before, 20);
    },
    async 'feed.post'({ content }) {
      const [view] = await ctx.cache.upsertPosts([await ctx.api.createPost(content)]);
      if (!view) throw new BridgeError('internal', 'post was not stored');
      ctx.events.emit('posts.upserted', [view]);
      return view;
    },
    async 'feed.comments'({ postId }) {
      try {
        const fresh = await ctx.api.comments(postId);
        const added = await ctx.cache.insertComments(fresh);
        if (added.length) ctx.events.emit('comments.upserted', added);
      } catch (err) {
        // Servers without GET /posts/:id/comments: the cache has what the feed channel delivered.
        if (!(err instanceof ApiError && (err.isNetwork || err.status === 404 || err.status === 405))) throw err;
      }
      return ctx.cache.listComments(postId);
    },
    async 'feed.comment'({ postId, content }) {
      const comment = await ctx.api.comment(postId, content);
      const added = await ctx.cache.insertComments([comment]);
      if (added.length) ctx.events.emit('comments.upserted', added);
      const view: CommentView | undefined = added[0] ?? (await ctx.cache.listComments(postId)).find((c) => c.id === comment.id);
      if (!view) throw new BridgeError('internal', 'comment was not stored');
      const post = await ctx.cache.postView(postId);
      if (post) ctx.events.emit('posts.upserted', [post]);
      return view;
    },
    async 'feed.react'({ postId, reaction }) {
      await ctx.api.reactToPost(postId, reaction);
      const post = await ctx.cache.addReaction(postId, reaction);
      if (post) ctx.events.emit('posts.upserted', [post]);
      return null;
    },
    async 'notifications.markAllRead'() {
      await ctx.cache.markAllNotificationsRead();
      ctx.events.emit('notifications.upserted', await ctx.cache.notificationViews());
      return null;
    },
    async 'settings.update'({ doNotDisturb, ...local }) {
      // Do-not-disturb belongs to the synced preferences; the rest stays on this device.
      if (doNotDisturb !== undefined) await sync.preferences.update({ dnd: { enabled: doNotDisturb, until: null } });
      const clean = Object.fromEntries(Object.entries(local).filter(([, v]) => v !== undefined));
      if (Object.keys(clean).length) await ctx.cache.updateSettings(clean);
      const settings = await ctx.settings();
      ctx.events.emit('settings.changed', settings);
      return settings;
    },
    async 'preferences.update'(patch) {
      return sync.preferences.update(patch);
    },
    async 'upload.file'(req) {
      return uploads.start(req);
    },
    async 'upload.cancel'({ uploadId }) {
      uploads.cancel(uploadId);
      return null;
    },
    async 'shell.openExternal'({ url }) {
      const href = externalLink(url);
      if (!href) throw new BridgeError('invalid', 'Only http and https links can be opened.');
      ctx.shell.emit('openExternal', href);
      return null;
    },
    async 'upload.link'({ url }) {
      return ctx.api.uploadLink(url);
    },
    async 'socket.send'({ channel, frame }) {
      if (!parseChannel(channel)) throw new BridgeError('invalid', `not a channel: ${channel}`);
      if (!ctx.socket.send({ ...frame, channel })) throw new BridgeError('offline', 'Not connected; try again when online.');
      return null;
    },
    async 'socket.subscribe'({ channel }) {
      if (!parseChannel(channel)) throw new BridgeError('invalid', `not a channel: ${channel}`);
      core.extraChannels.add(channel);
      ctx.socket.send({ type: 'subscribe', channel });
      return null;
    },
  };
}
