"""SQLite for the seed peer: WAL, synchronous=FULL, one commit per write."""
import sqlite3
from typing import List, Optional

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, full_name TEXT NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS connections (id INTEGER PRIMARY KEY, from_user_id INTEGER NOT NULL, to_user_id INTEGER NOT NULL, status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS connections_from ON connections(from_user_id);
CREATE INDEX IF NOT EXISTS connections_to ON connections(to_user_id);
CREATE TABLE IF NOT EXISTS chats (id INTEGER PRIMARY KEY, title TEXT, last_seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS chat_members (chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (chat_id, user_id));
CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, seq INTEGER NOT NULL, sender_id INTEGER NOT NULL,
  content TEXT NOT NULL, attachment TEXT, client_id TEXT, created_at TEXT NOT NULL, UNIQUE (chat_id, seq));
CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL);
"""


class Store:
    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def _one(self, sql: str, *args) -> Optional[dict]:
        row = self.db.execute(sql, args).fetchone()
        return dict(row) if row else None

    def _all(self, sql: str, *args) -> List[dict]:
        return [dict(r) for r in self.db.execute(sql, args).fetchall()]

    def user(self, uid: int) -> Optional[dict]:
        return self._one("SELECT id, email, full_name FROM users WHERE id = ?", uid)

    def user_by_email(self, email: str) -> Optional[dict]:
        return self._one("SELECT * FROM users WHERE email = ?", email)

    def create_user(self, email: str, full_name: str, password_hash: str) -> int:
        return self.db.execute("INSERT INTO users (email, full_name, password_hash) VALUES (?, ?, ?)",
                               (email, full_name, password_hash)).lastrowid

    def create_connection(self, a: int, b: int) -> int:
        return self.db.execute("INSERT INTO connections (from_user_id, to_user_id, status) VALUES (?, ?, 'pending')",
                               (a, b)).lastrowid

    def connection(self, cid: int) -> Optional[dict]:
        return self._one("SELECT * FROM connections WHERE id = ?", cid)

    def accept_connection(self, cid: int) -> None:
        self.db.execute("UPDATE connections SET status = 'accepted' WHERE id = ?", (cid,))

    def pending_for(self, uid: int) -> List[dict]:
        return self._all("SELECT * FROM connections WHERE to_user_id = ? AND status = 'pending'", uid)

    def peers_of(self, uid: int) -> List[int]:
        rows = self.db.execute(
            "SELECT to_user_id FROM connections WHERE from_user_id = ? AND status = 'accepted' "
            "UNION SELECT from_user_id FROM connections WHERE to_user_id = ? AND status = 'accepted'", (uid, uid))
        return [r[0] for r in rows]

    def create_chat(self, title: Optional[str], members: List[int]) -> int:
        with self.db:
            self.db.execute("BEGIN")
            chat_id = self.db.execute("INSERT INTO chats (title) VALUES (?)", (title,)).lastrowid
            self.db.executemany("INSERT OR IGNORE INTO chat_members (chat_id, user_id) VALUES (?, ?)",
                                [(chat_id, m) for m in members])
        return chat_id

    def chats_of(self, uid: int) -> List[dict]:
        return self._all("SELECT c.id, c.title, c.last_seq FROM chats c JOIN chat_members m ON m.chat_id = c.id "
                         "WHERE m.user_id = ?", uid)

    def is_member(self, chat_id: int, uid: int) -> bool:
        return self._one("SELECT 1 AS one FROM chat_members WHERE chat_id = ? AND user_id = ?", chat_id, uid) is not None

    def add_message(self, chat_id: int, sender: int, content: str, client_id, created_at: str) -> dict:
        with self.db:
            self.db.execute("BEGIN")
            seq = self.db.execute("UPDATE chats SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq",
                                  (chat_id,)).fetchone()[0]
            mid = self.db.execute(
                "INSERT INTO messages (chat_id, seq, sender_id, content, attachment, client_id, created_at) "
                "VALUES (?, ?, ?, ?, NULL, ?, ?)", (chat_id, seq, sender, content, client_id, created_at)).lastrowid
        return {"id": mid, "chat_id": chat_id, "seq": seq, "sender_id": sender, "content": content,
                "attachment": None, "client_id": client_id, "created_at": created_at}

    def messages_after(self, chat_id: int, after: int, limit: int) -> List[dict]:
        return self._all("SELECT * FROM messages WHERE chat_id = ? AND seq > ? ORDER BY seq LIMIT ?", chat_id, after, limit)

    def create_post(self, uid: int, content: str, ts: str) -> dict:
        pid = self.db.execute("INSERT INTO posts (user_id, content, created_at) VALUES (?, ?, ?)", (uid, content, ts)).lastrowid
        return {"id": pid, "userId": uid, "content": content, "timestamp": ts}
