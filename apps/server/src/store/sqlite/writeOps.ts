/**
 * The store's writes, run in the writer thread inside a transaction the group-commit
 * loop opened. Each op is plain synchronous SQL over prepared statements; it throws
 * WriteFailure for expected failures and lets anything else propagate.
 */
import { sqliteCode, type Db } from './db.js';
import {
  CONNECTION_COLUMNS,
  MESSAGE_COLUMNS,
  USER_COLUMNS,
  toComment,
  toConnection,
  toMessage,
  toPost,
  uniqueIds,
  userSearchKey,
  mentionsJson,
  type CommentDbRow,
  type ConnectionDbRow,
  type MessageDbRow,
  type PostDbRow,
  type UserDbRow,
} from '../rows.js';
import { WriteFailure, type WriteKind, type WriteOps } from './writeProtocol.js';
import { createEventOp } from './eventOps.js';
import { createPreferencesOp } from './preferencesStore.js';
import { createSocialUploadOps } from './socialUploadOps.js';
import { createAccountOps } from './accountOps.js';

export type WriteHandlers = { [K in WriteKind]: (input: WriteOps[K]['input']) => WriteOps[K]['output'] };

export function createWriteOps(db: Db): WriteHandlers {
  const now = () => new Date().toISOString();
  const s = {
    insertUser: db.prepare(
      `INSERT INTO users (email, full_name, password_hash, search_key, created_at, role) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${USER_COLUMNS}`,
    ),
    connectionByPair: db.prepare(
      `SELECT ${CONNECTION_COLUMNS} FROM connections
        WHERE min(from_user_id, to_user_id) = ? AND max(from_user_id, to_user_id) = ?`,
    ),
    insertConnection: db.prepare(
      `INSERT INTO connections (from_user_id, to_user_id, status, created_at) VALUES (?, ?, 'pending', ?) RETURNING ${CONNECTION_COLUMNS}`,
    ),
    acceptConnection: db.prepare(`UPDATE connections SET status = 'accepted' WHERE id = ? RETURNING ${CONNECTION_COLUMNS}`),
    insertChat: db.prepare('INSERT INTO chats (title, created_at, is_group, pair_key) VALUES (?, ?, ?, ?) RETURNING id'),
    chatByPair: db.prepare('SELECT id, title FROM chats WHERE pair_key = ?'),
    chatMembers: db.prepare('SELECT user_id FROM chat_members WHERE chat_id = ? ORDER BY user_id').pluck(),
    insertMember: db.prepare('INSERT INTO chat_members (chat_id, user_id, is_admin) VALUES (?, ?, ?)'),
    // Clamped to last_seq so a client cannot mark messages read that do not exist yet;
    // only a forward move is written (and answered), which keeps the marker monotonic.
    markRead: db.prepare(
      `UPDATE chat_members
          SET read_seq = min(@seq, (SELECT last_seq FROM chats WHERE id = chat_members.chat_id))
        WHERE chat_id = @chatId AND user_id = @userId
          AND read_seq < min(@seq, (SELECT last_seq FROM chats WHERE id = chat_members.chat_id))
        RETURNING read_seq`,
    ).pluck(),
    messageByClientId: db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE sender_id = ? AND client_id = ?`),
    nextSeq: db.prepare('UPDATE chats SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertMessage: db.prepare(
      `INSERT INTO messages (chat_id, seq, sender_id, content, attachment, attachment_name, attachment_size, client_id, created_at, reply_to_seq, mentions)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MESSAGE_COLUMNS}`,
    ),
    insertPost: db.prepare('INSERT INTO posts (user_id, content, created_at) VALUES (?, ?, ?) RETURNING id, user_id, content, created_at'),
    insertComment: db.prepare(
      'INSERT INTO comments (post_id, user_id, content, created_at) VALUES (?, ?, ?, ?) RETURNING id, post_id, user_id, content, created_at',
    ),
    insertReaction: db.prepare(
      'INSERT INTO reactions (post_id, user_id, reaction, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (post_id, user_id, reaction) DO NOTHING',
    ),
    reactionByKey: db.prepare('SELECT id, created_at FROM reactions WHERE post_id = ? AND user_id = ? AND reaction = ?'),
  };

  /** Foreign-key failures mean a referenced row (chat, post, user) does not exist. */
  function missingParent<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (sqliteCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new WriteFailure('not_found', `${what} not found`);
      throw err;
    }
  }

  const { consumeInvite, ...accountOps } = createAccountOps(db);

  return {
    ...createSocialUploadOps(db),
    ...accountOps,
    'user.create'({ email, fullName, passwordHash, role, inviteCode }) {
      let user: UserDbRow;
      const at = now();
      try {
        user = s.insertUser.get(email, fullName, passwordHash, userSearchKey(fullName), at, role ?? 'user') as UserDbRow;
      } catch (err) {
        if (sqliteCode(err) === 'SQLITE_CONSTRAINT_UNIQUE') throw new WriteFailure('conflict', 'email already registered');
        throw err;
      }
      // In the op's savepoint: a refused invite rolls the new user back too.
      if (inviteCode) consumeInvite(inviteCode, user.id, at);
      return user;
    },

    'connection.create'({ fromUserId, toUserId }) {
      const existing = s.connectionByPair.get(Math.min(fromUserId, toUserId), Math.max(fromUserId, toUserId)) as ConnectionDbRow | undefined;
      if (existing) return { connection: toConnection(existing), created: false };
      const row = missingParent('user', () => s.insertConnection.get(fromUserId, toUserId, now()) as ConnectionDbRow);
      return { connection: toConnection(row), created: true };
    },

    'connection.accept'({ id }) {
      const row = s.acceptConnection.get(id) as ConnectionDbRow | undefined;
      if (!row) throw new WriteFailure('not_found', 'connection not found');
      return toConnection(row);
    },

    'chat.create'({ title, memberIds, adminId }) {
      const members = uniqueIds(memberIds);
      const { id } = s.insertChat.get(title, now(), 1, null) as { id: number };
      missingParent('user', () => {
        for (const userId of members) s.insertMember.run(id, userId, userId === adminId ? 1 : 0);
      });
      return { id, title, member_ids: members, is_group: true, admin_ids: adminId != null && members.includes(adminId) ? [adminId] : [] };
    },

    'chat.openPair'({ a, b }) {
      const members = uniqueIds([a, b]);
      const pairKey = members.join(':');
      // One writer thread: nothing can create the pair's chat between this read and the insert.
      const existing = s.chatByPair.get(pairKey) as { id: number; title: string | null } | undefined;
      if (existing) {
        return { chat: { id: existing.id, title: existing.title, member_ids: s.chatMembers.all(existing.id) as number[], is_group: false, admin_ids: [] }, created: false };
      }
      const { id } = s.insertChat.get(null, now(), 0, pairKey) as { id: number };
      missingParent('user', () => {
        for (const userId of members) s.insertMember.run(id, userId, 0);
      });
      return { chat: { id, title: null, member_ids: members, is_group: false, admin_ids: [] }, created: true };
    },

    'chat.markRead'({ chatId, userId, seq }) {
      return (s.markRead.get({ seq, chatId, userId }) as number | undefined) ?? null;
    },

    'chat.event': createEventOp(db),
    'preferences.update': createPreferencesOp(db),

    'message.append'({ chatId, senderId, content, attachment, attachmentName, attachmentSize, clientId, replyToSeq, mentions }) {
      if (clientId !== null) {
        const existing = s.messageByClientId.get(senderId, clientId) as MessageDbRow | undefined;
        if (existing) return { message: toMessage(existing), created: false };
      }
      const next = s.nextSeq.get(chatId) as { last_seq: number } | undefined;
      if (!next) throw new WriteFailure('not_found', 'chat not found');
      const row = missingParent('sender', () =>
        s.insertMessage.get(chatId, next.last_seq, senderId, content, attachment, attachmentName ?? null, attachmentSize ?? null, clientId, now(), replyToSeq ?? null, mentionsJson(mentions)) as MessageDbRow,
      );
      return { message: toMessage(row), created: true };
    },

    'post.create'({ userId, content }) {
      return toPost(missingParent('user', () => s.insertPost.get(userId, content, now()) as PostDbRow));
    },

    'post.addComment'({ postId, userId, content }) {
      return toComment(missingParent('post', () => s.insertComment.get(postId, userId, content, now()) as CommentDbRow));
    },

    'post.addReaction'({ postId, userId, reaction }) {
      missingParent('post', () => s.insertReaction.run(postId, userId, reaction, now()));
      const row = s.reactionByKey.get(postId, userId, reaction) as { id: number; created_at: string };
      return { id: row.id, timestamp: row.created_at };
    },
  };
}
