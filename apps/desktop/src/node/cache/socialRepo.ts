/**
 * Users, contacts (accepted connections with their presence), pending requests, the
 * feed and the notification list. Notifications are keyed by a stable id derived from
 * the item (`comment:12`), so a replayed frame updates a row instead of adding one.
 */
import type Database from 'better-sqlite3';
import type { Comment, ConnectionPeer, ConnectionRequest, Post, User } from '@parley/protocol';
import type { CommentView, ConnectionRequestView, ContactView, NavigationTarget, NotificationView, PostView } from '../../common/views.js';

interface PostRow {
  id: number;
  user_id: number;
  content: string;
  timestamp: string;
  user_name: string | null;
  comment_count: number;
  reactions: string;
}
interface CommentRow {
  id: number;
  post_id: number;
  user_id: number;
  content: string;
  timestamp: string;
  user_name: string | null;
}
interface NotificationRow {
  id: string;
  kind: NotificationView['kind'];
  title: string;
  body: string;
  timestamp: string;
  read: number;
  target: string;
}

export function createSocialRepo(db: Database.Database) {
  const s = {
    upsertUser: db.prepare(`INSERT INTO users (id, full_name, email) VALUES (@id, @full_name, @email)
      ON CONFLICT(id) DO UPDATE SET full_name = excluded.full_name, email = coalesce(excluded.email, email)`),
    users: db.prepare<[], User & { email: string | null }>('SELECT * FROM users'),
    userName: db.prepare<[number], { full_name: string }>('SELECT full_name FROM users WHERE id = ?'),
    clearContacts: db.prepare('DELETE FROM contacts'),
    addContact: db.prepare(`INSERT INTO contacts (user_id, connection_id, online) VALUES (?, ?, 0)
      ON CONFLICT(user_id) DO UPDATE SET connection_id = excluded.connection_id`),
    contacts: db.prepare<[], { user_id: number; connection_id: number; online: number; full_name: string | null }>(
      'SELECT c.*, u.full_name FROM contacts c LEFT JOIN users u ON u.id = c.user_id ORDER BY u.full_name'),
    setOnline: db.prepare('UPDATE contacts SET online = ? WHERE user_id = ?'),
    allOffline: db.prepare('UPDATE contacts SET online = 0'),
    clearRequests: db.prepare('DELETE FROM requests'),
    addRequest: db.prepare('INSERT OR REPLACE INTO requests (request_id, from_user_id, from_user_name) VALUES (?, ?, ?)'),
    removeRequest: db.prepare('DELETE FROM requests WHERE request_id = ?'),
    requests: db.prepare<[], ConnectionRequestView>('SELECT * FROM requests ORDER BY request_id'),
    upsertPost: db.prepare(`INSERT INTO posts (id, user_id, content, timestamp, user_name, comment_count, reactions)
      VALUES (@id, @user_id, @content, @timestamp, @user_name, @comment_count, @reactions)
      ON CONFLICT(id) DO UPDATE SET content = excluded.content, user_name = coalesce(excluded.user_name, user_name),
        comment_count = max(comment_count, excluded.comment_count),
        reactions = CASE WHEN excluded.reactions = '{}' THEN reactions ELSE excluded.reactions END`),
    post: db.prepare<[number], PostRow>('SELECT * FROM posts WHERE id = ?'),
    posts: db.prepare<[number, number], PostRow>('SELECT * FROM posts WHERE id < ? ORDER BY id DESC LIMIT ?'),
    setReactions: db.prepare('UPDATE posts SET reactions = ? WHERE id = ?'),
    insertComment: db.prepare(`INSERT OR IGNORE INTO comments (id, post_id, user_id, content, timestamp, user_name)
      VALUES (@id, @post_id, @user_id, @content, @timestamp, @user_name)`),
    bumpComments: db.prepare('UPDATE posts SET comment_count = comment_count + 1 WHERE id = ?'),
    comments: db.prepare<[number], CommentRow>('SELECT * FROM comments WHERE post_id = ? ORDER BY id'),
    upsertNotification: db.prepare(`INSERT INTO notifications (id, kind, title, body, timestamp, read, target)
      VALUES (@id, @kind, @title, @body, @timestamp, 0, @target) ON CONFLICT(id) DO NOTHING`),
    notifications: db.prepare<[number], NotificationRow>('SELECT * FROM notifications ORDER BY timestamp DESC LIMIT ?'),
    readAll: db.prepare('UPDATE notifications SET read = 1 WHERE read = 0'),
  };

  const name = (id: number) => s.userName.get(id)?.full_name ?? `User ${id}`;
  const postView = (r: PostRow): PostView => ({
    id: r.id,
    userId: r.user_id,
    content: r.content,
    timestamp: r.timestamp,
    user_name: r.user_name ?? name(r.user_id),
    comment_count: r.comment_count,
    reactions: JSON.parse(r.reactions) as Record<string, number>,
  });
  const commentView = (r: CommentRow): CommentView => ({
    id: r.id,
    postId: r.post_id,
    userId: r.user_id,
    content: r.content,
    timestamp: r.timestamp,
    user_name: r.user_name ?? name(r.user_id),
  });
  const notificationView = (r: NotificationRow): NotificationView => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    timestamp: r.timestamp,
    read: r.read === 1,
    target: JSON.parse(r.target) as NavigationTarget,
  });

  return {
    upsertUsers(users: { id: number; full_name: string; email?: string | undefined }[]): void {
      db.transaction(() => users.forEach((u) => s.upsertUser.run({ id: u.id, full_name: u.full_name, email: u.email ?? null })))();
    },
    users(): User[] {
      return s.users.all().map((u) => (u.email ? u : { id: u.id, full_name: u.full_name }));
    },
    userName: name,

    /** Replaces the contact list with GET /connections; presence survives for those still there. */
    replaceContacts(peers: ConnectionPeer[]): void {
      db.transaction(() => {
        const online = new Set(s.contacts.all().filter((c) => c.online).map((c) => c.user_id));
        s.clearContacts.run();
        for (const p of peers) {
          s.upsertUser.run({ id: p.user.id, full_name: p.user.full_name, email: null });
          s.addContact.run(p.user.id, p.connection_id);
          if (online.has(p.user.id)) s.setOnline.run(1, p.user.id);
        }
      })();
    },
    addContact(userId: number, fullName: string, connectionId: number): void {
      s.upsertUser.run({ id: userId, full_name: fullName, email: null });
      s.addContact.run(userId, connectionId);
    },
    contactViews(starred: number[]): ContactView[] {
      const star = new Set(starred);
      return s.contacts.all().map((c) => ({
        id: c.user_id,
        full_name: c.full_name ?? `User ${c.user_id}`,
        connection_id: c.connection_id,
        online: c.online === 1,
        starred: star.has(c.user_id),
      }));
    },
    /** `online_users` snapshot: exactly these are online now. */
    setOnlineSet(userIds: number[]): void {
      db.transaction(() => {
        s.allOffline.run();
        userIds.forEach((id) => s.setOnline.run(1, id));
      })();
    },
    setOnline(userId: number, online: boolean): void {
      s.setOnline.run(online ? 1 : 0, userId);
    },
    allOffline(): void {
      s.allOffline.run();
    },

    replaceRequests(requests: ConnectionRequest[]): void {
      db.transaction(() => {
        s.clearRequests.run();
        requests.forEach((r) => s.addRequest.run(r.id, r.from_user_id, r.from_user_name));
      })();
    },
    addRequest(r: ConnectionRequestView): void {
      s.addRequest.run(r.request_id, r.from_user_id, r.from_user_name);
    },
    removeRequest(requestId: number): void {
      s.removeRequest.run(requestId);
    },
    requestViews(): ConnectionRequestView[] {
      return s.requests.all();
    },

    upsertPosts(posts: Post[]): PostView[] {
      return db.transaction(() =>
        posts.map((p) => {
          s.upsertPost.run({
            id: p.id,
            user_id: p.userId,
            content: p.content,
            timestamp: p.timestamp,
            user_name: p.user_name ?? null,
            comment_count: p.comment_count ?? 0,
            reactions: JSON.stringify(p.reactions ?? {}),
          });
          return postView(s.post.get(p.id) as PostRow);
        }),
      )();
    },
    listPosts(before: number | undefined, limit: number): PostView[] {
      return s.posts.all(before ?? Number.MAX_SAFE_INTEGER, limit).map(postView);
    },
    addReaction(postId: number, reaction: string): PostView | null {
      const row = s.post.get(postId);
      if (!row) return null;
      const reactions = JSON.parse(row.reactions) as Record<string, number>;
      reactions[reaction] = (reactions[reaction] ?? 0) + 1;
      s.setReactions.run(JSON.stringify(reactions), postId);
      return postView(s.post.get(postId) as PostRow);
    },
    /** Stores comments; returns only those new to the cache (and counts them on their post). */
    insertComments(comments: Comment[]): CommentView[] {
      return db.transaction(() =>
        comments.flatMap((c) => {
          const row: CommentRow = { id: c.id, post_id: c.postId, user_id: c.userId, content: c.content, timestamp: c.timestamp, user_name: c.user_name ?? null };
          if (s.insertComment.run(row).changes === 0) return [];
          s.bumpComments.run(c.postId);
          return [commentView(row)];
        }),
      )();
    },
    listComments(postId: number): CommentView[] {
      return s.comments.all(postId).map(commentView);
    },
    postView(postId: number): PostView | null {
      const row = s.post.get(postId);
      return row ? postView(row) : null;
    },

    /** Adds notifications; returns those that were new (a replay returns nothing). */
    addNotifications(items: Omit<NotificationView, 'read'>[]): NotificationView[] {
      return db.transaction(() =>
        items.flatMap((n) =>
          s.upsertNotification.run({ ...n, target: JSON.stringify(n.target) }).changes > 0 ? [{ ...n, read: false }] : [],
        ),
      )();
    },
    notificationViews(limit = 200): NotificationView[] {
      return s.notifications.all(limit).map(notificationView);
    },
    markAllNotificationsRead(): void {
      s.readAll.run();
    },
  };
}
