"""A small BingX-speaking websocket server on 127.0.0.1 (gzip frames, Ping, acks, refusals), and helpers."""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tradewire.core.errors import NotFound
from tradewire.core.ws import Limits

BOUND_S = 30.0  # float ok: seconds; bounds a hang (a watchdog, a wait), never expected to pass on a good run
FAST = Limits(  # fast backoff; the watchdogs only bound a hang: a test that needs one to fire sets it lower
    silence=BOUND_S,
    ack_timeout=BOUND_S,
    connect_timeout=BOUND_S,
    backoff_base=0.01,
    backoff_max=0.05,
    sub_frames=1000,
    sub_period=1.0,
)


def gz(payload: Any) -> bytes:
    """A frame as BingX sends it: JSON (or text) gzip-compressed."""
    text = payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))
    return gzip.compress(text.encode())


@dataclass
class Conn:
    ws: web.WebSocketResponse
    query: dict[str, str]
    topics: set[str] = field(default_factory=set)


class FakeBingX:
    """Records every frame; answers subscriptions like BingX (80015 refusals, 80403 over the limit)."""

    def __init__(self) -> None:
        self.max_topics = 200
        self.refuse: dict[str, tuple[int, str]] = {}
        self.leak_refused = False
        self.ack = True
        self.conns: list[Conn] = []
        self.requests: list[tuple[float, int, dict[str, Any]]] = []
        self.pongs: list[str] = []
        self.on_sub: Callable[[Conn, str], Any] | None = None
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/swap-market", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"ws://127.0.0.1:{port}/swap-market"

    async def stop(self) -> None:
        for conn in self.conns:
            await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        conn = Conn(ws, dict(request.query))
        index = len(self.conns)
        self.conns.append(conn)
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            if msg.data in ("Pong", "pong") or msg.data.startswith('{"pong"'):
                self.pongs.append(msg.data)
                continue
            req = json.loads(msg.data)
            self.requests.append((time.monotonic(), index, req))
            await self._answer(conn, req)
        return ws

    async def _answer(self, conn: Conn, req: dict[str, Any]) -> None:
        topic, rid = req["dataType"], req["id"]
        if not self.ack:
            return
        if req["reqType"] == "unsub":
            conn.topics.discard(topic)
            await self.send(conn, {"id": rid, "code": 0, "msg": "", "dataType": "", "data": None})
            return
        if topic in self.refuse:
            code, text = self.refuse[topic]
            await self.send(conn, {"id": rid, "code": code, "msg": text, "dataType": "", "data": None})
            if self.leak_refused:  # a refused topic may still leak one data frame (bingx.md §12)
                await self.send(conn, {"code": 0, "dataType": topic, "data": {"leak": True}})
            return
        if len(conn.topics) >= self.max_topics:
            await self.send(conn, {"id": rid, "code": 80403, "msg": "your topic num over max 200", "dataType": ""})
            return
        conn.topics.add(topic)
        await self.send(conn, {"id": rid, "code": 0, "msg": "", "dataType": "", "data": None})
        if self.on_sub is not None:
            result = self.on_sub(conn, topic)
            if asyncio.iscoroutine(result):
                await result

    async def send(self, conn: Conn, payload: Any) -> None:
        if not conn.ws.closed:
            await conn.ws.send_bytes(gz(payload))

    async def push(self, topic: str, data: Any, **extra: Any) -> None:
        """Send a data frame to every connection subscribed to ``topic``."""
        for conn in self.conns:
            if topic in conn.topics:
                await self.send(conn, {"code": 0, "dataType": topic, "data": data, **extra})

    def subs(self, kind: str = "sub") -> list[str]:
        return [req["dataType"] for _, _, req in self.requests if req["reqType"] == kind]


async def until(cond: Callable[[], bool], timeout: float = BOUND_S) -> None:  # float ok: seconds
    """Wait (bounded) until ``cond()`` holds."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.005)


async def take(it: Any, n: int, timeout: float = BOUND_S) -> list[Any]:  # float ok: seconds
    """The next ``n`` items of an async iterator (bounded in time)."""
    return [await asyncio.wait_for(it.__anext__(), timeout) for _ in range(n)]


class FakeListenKeys:
    """A listen-key API with scripted failures."""

    def __init__(self) -> None:
        self.created: list[str] = []
        self.extended: list[str] = []
        self.deleted: list[str] = []
        self.dead: set[str] = set()

    async def create_listen_key(self) -> str:
        key = f"key{len(self.created) + 1}"
        self.created.append(key)
        return key

    async def extend_listen_key(self, listen_key: str) -> None:
        self.extended.append(listen_key)
        if listen_key in self.dead:
            raise NotFound("listen key does not exist", venue="bingx", status=404)

    async def delete_listen_key(self, listen_key: str) -> None:
        self.deleted.append(listen_key)
