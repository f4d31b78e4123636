"""The seed's ConnectionManager: channel -> user id -> sockets, broadcast by looping."""
import logging
from collections import defaultdict
from typing import Dict, List

from fastapi import WebSocket

logger = logging.getLogger("parley-seed")


class ConnectionManager:
    """channel -> user id -> sockets, like the seed's `services.websocket_manager`."""

    def __init__(self) -> None:
        self.active_connections: Dict[str, Dict[int, List[WebSocket]]] = defaultdict(dict)
        self.online: Dict[int, int] = defaultdict(int)

    async def connect(self, websocket: WebSocket, channel: str, user_id: int) -> None:
        await websocket.accept()
        self.active_connections[channel].setdefault(user_id, []).append(websocket)
        logger.info("User %s connected to %s channel", user_id, channel)

    def disconnect(self, websocket: WebSocket, channel: str, user_id: int) -> None:
        sockets = self.active_connections[channel].get(user_id, [])
        if websocket in sockets:
            sockets.remove(websocket)
        if not sockets:
            self.active_connections[channel].pop(user_id, None)
        logger.info("User %s disconnected from %s channel", user_id, channel)

    async def send(self, websocket: WebSocket, message: dict) -> None:
        try:
            await websocket.send_json(message)
        except Exception:  # the seed's "auto-removes disconnected clients"
            pass

    async def broadcast_to_channel(self, channel: str, message: dict) -> None:
        for sockets in list(self.active_connections.get(channel, {}).values()):
            for ws in list(sockets):
                await self.send(ws, message)

    async def broadcast_to_users(self, channel: str, user_ids, message: dict) -> None:
        conns = self.active_connections.get(channel, {})
        for uid in user_ids:
            for ws in list(conns.get(uid, [])):
                await self.send(ws, message)
