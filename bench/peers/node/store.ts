/**
 * SQLite store shared by the ws and socket.io peers: the same schema and the same
 * durability as Parley (WAL, synchronous=FULL), one transaction per message as
 * better-sqlite3 code usually does it (no group commit: that is not idiomatic there).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface MessageRow {
  id: number;
  chat_id: number;
  seq: number;
  sender_id: number;
  content: string;
  attachment: string | null;
  client_id: string | null;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, full_name TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connections (id INTEGER PRIMARY KEY, from_user_id INTEGER NOT NULL, to_user_id INTEGER NOT NULL, status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS connections_from ON connections(from_user_id);
CREATE INDEX IF NOT EXISTS connections_to ON connections(to_user_id);
CREATE TABLE IF NOT EXISTS chats (id INTEGER PRIMARY KEY, title TEXT, last_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS chat_members (chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (chat_id, user_id));
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, seq INTEGER NOT NULL, sender_id INTEGER NOT NULL,
  content TEXT NOT NULL, attachment TEXT, client_id TEXT, created_at TEXT NOT NULL, UNIQUE (chat_id, seq));
CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL);
`;

export type Store = ReturnType<typeof openStore>;

export function openStore(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'peer.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);

  const q = {
    userByEmail: db.prepare<[string], { id: number; full_name: string; email: string; password_hash: string }>('SELECT * FROM users WHERE email = ?'),
    userById: db.prepare<[number], { id: number; full_name: string; email: string }>('SELECT id, full_name, email FROM users WHERE id = ?'),
    insertUser: db.prepare('INSERT INTO users (email, full_name, password_hash) VALUES (?, ?, ?)'),
    insertConnection: db.prepare("INSERT INTO connections (from_user_id, to_user_id, status) VALUES (?, ?, 'pending')"),
    connectionById: db.prepare<[number], { id: number; from_user_id: number; to_user_id: number; status: string }>('SELECT * FROM connections WHERE id = ?'),
    acceptConnection: db.prepare("UPDATE connections SET status = 'accepted' WHERE id = ?"),
    peers: db.prepare<[number, number], { peer: number }>(
      "SELECT to_user_id AS peer FROM connections WHERE from_user_id = ? AND status = 'accepted' UNION SELECT from_user_id FROM connections WHERE to_user_id = ? AND status = 'accepted'",
    ),
    pending: db.prepare('SELECT * FROM connections WHERE to_user_id = ? AND status = \'pending\''),
    insertChat: db.prepare('INSERT INTO chats (title) VALUES (?)'),
    insertMember: db.prepare('INSERT OR IGNORE INTO chat_members (chat_id, user_id) VALUES (?, ?)'),
    isMember: db.prepare<[number, number], { one: number }>('SELECT 1 AS one FROM chat_members WHERE chat_id = ? AND user_id = ?'),
    members: db.prepare<[number], { user_id: number }>('SELECT user_id FROM chat_members WHERE chat_id = ?'),
    myChats: db.prepare('SELECT c.id, c.title, c.last_seq FROM chats c JOIN chat_members m ON m.chat_id = c.id WHERE m.user_id = ?'),
    bumpSeq: db.prepare<[number], { last_seq: number }>('UPDATE chats SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertMessage: db.prepare('INSERT INTO messages (chat_id, seq, sender_id, content, attachment, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    messagesAfter: db.prepare('SELECT * FROM messages WHERE chat_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    insertPost: db.prepare('INSERT INTO posts (user_id, content, created_at) VALUES (?, ?, ?)'),
  };

  const addMessage = db.transaction((chatId: number, senderId: number, content: string, attachment: string | null, clientId: string | null): MessageRow => {
    const seq = q.bumpSeq.get(chatId)!.last_seq;
    const created_at = new Date().toISOString();
    const id = Number(q.insertMessage.run(chatId, seq, senderId, content, attachment, clientId, created_at).lastInsertRowid);
    return { id, chat_id: chatId, seq, sender_id: senderId, content, attachment, client_id: clientId, created_at };
  });

  const addChat = db.transaction((title: string | null, memberIds: number[]): number => {
    const id = Number(q.insertChat.run(title).lastInsertRowid);
    for (const m of memberIds) q.insertMember.run(id, m);
    return id;
  });

  return {
    db,
    userByEmail: (email: string) => q.userByEmail.get(email),
    userById: (id: number) => q.userById.get(id),
    createUser: (email: string, fullName: string, hash: string) => Number(q.insertUser.run(email, fullName, hash).lastInsertRowid),
    createConnection: (from: number, to: number) => Number(q.insertConnection.run(from, to).lastInsertRowid),
    connectionById: (id: number) => q.connectionById.get(id),
    acceptConnection: (id: number) => q.acceptConnection.run(id),
    peersOf: (userId: number) => q.peers.all(userId, userId).map((r) => r.peer),
    pendingFor: (userId: number) => q.pending.all(userId),
    createChat: addChat,
    isMember: (chatId: number, userId: number) => q.isMember.get(chatId, userId) !== undefined,
    membersOf: (chatId: number) => q.members.all(chatId).map((r) => r.user_id),
    chatsOf: (userId: number) => q.myChats.all(userId),
    addMessage,
    messagesAfter: (chatId: number, afterSeq: number, limit: number) => q.messagesAfter.all(chatId, afterSeq, limit),
    createPost: (userId: number, content: string) => {
      const created_at = new Date().toISOString();
      const id = Number(q.insertPost.run(userId, content, created_at).lastInsertRowid);
      return { id, userId, content, timestamp: created_at };
    },
  };
}
