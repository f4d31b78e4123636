"""Peer (a): the seed's design, as the seed's guide describes it.

FastAPI + uvicorn, a ConnectionManager that tracks sockets per channel and user,
broadcasts by looping over them, a JWT check on every request and socket (token in the
query string, as in the seed), and SQLite persistence at synchronous=FULL with one
commit per message. REST and WebSocket handlers are `async def` and call sqlite3
directly on the event loop, as such apps commonly do.

Run: /usr/bin/python3 app.py --host 127.0.0.1 --port 0 --data-dir DIR
"""
import argparse
import asyncio
import hashlib
import json
import os
import secrets
import socket
import sys
from datetime import datetime, timezone
from typing import List, Optional

import jwt
import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, WebSocket, WebSocketDisconnect
from pydantic import BaseModel

from manager import ConnectionManager
from store import Store

manager = ConnectionManager()
app = FastAPI()
store: Store
SECRET = ""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def issue(user_id: int) -> str:
    return jwt.encode({"sub": str(user_id)}, SECRET, algorithm="HS256")


def decode(token: Optional[str]) -> Optional[int]:
    if not token:
        return None
    try:
        return int(jwt.decode(token, SECRET, algorithms=["HS256"])["sub"])
    except Exception:
        return None


async def current_user(authorization: str = Header(default="")) -> int:
    uid = decode(authorization[7:] if authorization.startswith("Bearer ") else None)
    if uid is None:
        raise HTTPException(status_code=401, detail="unauthorized")
    return uid


class Register(BaseModel):
    email: str
    password: str
    full_name: str


class Login(BaseModel):
    email: str
    password: str


class ConnectionCreate(BaseModel):
    to_user_id: int


class ChatCreate(BaseModel):
    member_ids: List[int]
    title: Optional[str] = None


class ContentBody(BaseModel):
    content: str
    client_id: Optional[str] = None


def auth_response(uid: int) -> dict:
    return {"access_token": issue(uid), "token_type": "bearer", "user": store.user(uid)}


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.post("/auth/register", status_code=201)
async def register(body: Register):
    email = body.email.lower()
    if store.user_by_email(email):
        raise HTTPException(status_code=409, detail="conflict")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", body.password.encode(), salt, 10_000)
    uid = store.create_user(email, body.full_name, salt.hex() + ":" + digest.hex())
    return auth_response(uid)


@app.post("/auth/login")
async def login(body: Login):
    row = store.user_by_email(body.email.lower())
    if row:
        salt, digest = row["password_hash"].split(":")
        if hashlib.pbkdf2_hmac("sha256", body.password.encode(), bytes.fromhex(salt), 10_000).hex() == digest:
            return auth_response(row["id"])
    raise HTTPException(status_code=401, detail="unauthorized")


@app.post("/connections", status_code=201)
async def create_connection(body: ConnectionCreate, me: int = Depends(current_user)):
    cid = store.create_connection(me, body.to_user_id)
    frame = {"type": "connection_request", "request_id": cid, "from_user_id": me,
             "from_user_name": store.user(me)["full_name"]}
    asyncio.create_task(manager.broadcast_to_users("connections", [body.to_user_id], frame))
    asyncio.create_task(manager.broadcast_to_users("notifications", [body.to_user_id], frame))
    return {"id": cid, "from_user_id": me, "to_user_id": body.to_user_id, "status": "pending"}


@app.post("/connections/{cid}/accept")
async def accept_connection(cid: int, me: int = Depends(current_user)):
    row = store.connection(cid)
    if not row:
        raise HTTPException(status_code=404, detail="not_found")
    if row["to_user_id"] != me:
        raise HTTPException(status_code=403, detail="forbidden")
    store.accept_connection(cid)
    frame = {"type": "connection_accepted", "request_id": cid, "user_id": me,
             "user_name": store.user(me)["full_name"]}
    asyncio.create_task(manager.broadcast_to_users("connections", [row["from_user_id"]], frame))
    return {**row, "status": "accepted"}


@app.get("/connections/requests")
async def connection_requests(me: int = Depends(current_user)):
    return store.pending_for(me)


@app.post("/chats", status_code=201)
async def create_chat(body: ChatCreate, me: int = Depends(current_user)):
    peers = set(store.peers_of(me))
    others = [m for m in body.member_ids if m != me]
    if any(m not in peers for m in others):
        raise HTTPException(status_code=403, detail="forbidden")
    chat_id = store.create_chat(body.title, [me] + others)
    return {"id": chat_id, "title": body.title, "member_ids": [me] + others}


@app.get("/chats")
async def my_chats(me: int = Depends(current_user)):
    return store.chats_of(me)


@app.get("/chats/{chat_id}/messages")
async def list_messages(chat_id: int, after_seq: int = 0, limit: int = 50, me: int = Depends(current_user)):
    if not store.is_member(chat_id, me):
        raise HTTPException(status_code=403, detail="forbidden")
    return store.messages_after(chat_id, after_seq, min(limit, 200))


@app.post("/posts", status_code=201)
async def create_post(body: ContentBody, me: int = Depends(current_user)):
    post = store.create_post(me, body.content, now_iso())
    # As in the seed: the broadcast runs as a task, the response does not wait for it.
    asyncio.create_task(manager.broadcast_to_channel("feed", {"type": "new_post", "post": post}))
    return post


def message_frame(row: dict) -> dict:
    frame = {"type": "new_message", "message_id": row["id"], "chat_id": row["chat_id"], "seq": row["seq"],
             "sender_id": row["sender_id"], "content": row["content"], "attachment": row["attachment"],
             "timestamp": row["created_at"]}
    if row["client_id"]:
        frame["client_id"] = row["client_id"]
    return frame


async def user_came_online(uid: int) -> None:
    manager.online[uid] += 1
    if manager.online[uid] == 1:
        frame = {"type": "user_online", "user_id": uid, "full_name": store.user(uid)["full_name"]}
        await manager.broadcast_to_users("online", store.peers_of(uid), frame)


async def user_went_away(uid: int) -> None:
    manager.online[uid] -= 1
    if manager.online[uid] <= 0:
        manager.online.pop(uid, None)
        await manager.broadcast_to_users("online", store.peers_of(uid), {"type": "user_offline", "user_id": uid})


async def serve_channel(websocket: WebSocket, channel: str, uid: int, chat_id: Optional[int]) -> None:
    await manager.connect(websocket, channel, uid)
    await user_came_online(uid)
    try:
        if channel == "online":
            users = [{"user_id": p, "full_name": store.user(p)["full_name"]} for p in store.peers_of(uid) if p in manager.online]
            await websocket.send_json({"type": "online_users", "users": users})
        while True:
            text = await websocket.receive_text()
            try:
                data = json.loads(text)
            except ValueError:
                await websocket.send_json({"type": "error", "code": "bad_json", "message": "frame is not valid JSON"})
                continue
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "ping":
                await websocket.send_json({"type": "pong"})
            elif chat_id is not None and kind == "message" and isinstance(data.get("content"), str):
                row = store.add_message(chat_id, uid, data["content"], data.get("client_id"), now_iso())
                await manager.broadcast_to_channel(channel, message_frame(row))
            elif chat_id is not None and kind == "typing":
                frame = {"type": "typing", "chat_id": chat_id, "user_id": uid, "is_typing": bool(data.get("is_typing"))}
                others = [u for u in manager.active_connections.get(channel, {}) if u != uid]
                await manager.broadcast_to_users(channel, others, frame)
            else:
                await websocket.send_json({"type": "error", "code": "unknown_type", "message": "unknown frame type"})
    except WebSocketDisconnect:
        pass
    finally:
        manager.disconnect(websocket, channel, uid)
        await user_went_away(uid)


@app.websocket("/ws/messages/{chat_id}")
async def ws_messages(websocket: WebSocket, chat_id: int, token: str = ""):
    uid = decode(token)
    if uid is None or not store.is_member(chat_id, uid):
        await websocket.close(code=1008)
        return
    await serve_channel(websocket, f"messages_{chat_id}", uid, chat_id)


@app.websocket("/ws/{channel}")
async def ws_channel(websocket: WebSocket, channel: str, token: str = ""):
    uid = decode(token)
    if uid is None or channel not in ("connections", "notifications", "feed", "online"):
        await websocket.close(code=1008)
        return
    await serve_channel(websocket, channel, uid, None)


def main() -> None:
    global store, SECRET
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--data-dir", default="./data")
    args = ap.parse_args()
    os.makedirs(args.data_dir, exist_ok=True)
    secret_file = os.path.join(args.data_dir, "jwt-secret")
    if not os.path.exists(secret_file):
        with open(secret_file, "w") as f:
            f.write(secrets.token_hex(32))
    SECRET = open(secret_file).read().strip()
    store = Store(os.path.join(args.data_dir, "seed.db"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    print(json.dumps({"msg": "listening", "peer": "fastapi", "port": sock.getsockname()[1]}), flush=True)
    # Warning level, no access log: the same log volume as the other servers under test.
    config = uvicorn.Config(app, log_level="warning", access_log=False, ws="websockets", backlog=4096)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    sys.exit(main())
