"""What the BingX simulator websockets share (references/websocket.md).

`WsApp`: serving a path on the app, the push-round ticker, closing every socket on shutdown (swap, spot and
coin-M). `QueuedWs`: the connection of the spot and coin-M sockets, a listen key checked on connecting (unknown:
closed with 1008), an outbox queue written in order, the ping/pong watchdog (a socket ``pong_timeout_s`` late is
closed), ``{"id","reqType":"sub"|"unsub","dataType"}`` acked ``{"id","code":0,...}`` (80015 for an unknown topic)
and the topic bookkeeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from aiohttp import WSCloseCode, WSMsgType, web

from tradewire.sim.bingx import ws_frames as frames
from tradewire.sim.bingx.state import SimState
from tradewire.sim.events import Event
from tradewire.sim.jsonenc import Json

_log = logging.getLogger("tradewire.sim")


class _Socket(Protocol):
    ws: web.WebSocketResponse


C = TypeVar("C", bound=_Socket)
Q = TypeVar("Q", bound="QueuedConn")
F = TypeVar("F", bound="Feed")


class WsApp(Generic[C]):
    """One websocket front end on ``path``; subclasses push in `_round`, called every ``tick_s``."""

    path: str
    name: str  # in the log line of a failed round
    listens = True  # whether `_on_event` gets the simulator's events

    def __init__(self, state: SimState) -> None:
        self.state = state
        self.ping_interval_s = 5.0  # float ok: seconds
        self.pong_timeout_s = 30.0  # float ok: seconds
        self.tick_s = 0.05  # float ok: seconds
        self.pongs = 0  # pongs received, all sockets together
        self._conns: list[C] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self, app: web.Application) -> None:
        """Serve ``path`` on ``app`` and run the push rounds while it runs."""
        app.router.add_get(self.path, self._handle)
        app.cleanup_ctx.append(self._lifetime)
        app.on_shutdown.append(self._close_all)

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        raise NotImplementedError

    def _round(self) -> None:
        raise NotImplementedError

    def _on_event(self, event: Event) -> None:
        """Hub callback (any thread), when ``listens``."""

    async def _lifetime(self, app: web.Application) -> AsyncIterator[None]:
        self._loop = asyncio.get_running_loop()
        unsubscribe = self.state.events.subscribe(self._on_event) if self.listens else None
        task = asyncio.create_task(self._ticker())
        yield
        task.cancel()
        if unsubscribe is not None:
            unsubscribe()
        self._loop = None

    async def _close_all(self, app: web.Application) -> None:
        for conn in list(self._conns):
            await conn.ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutdown")

    async def _ticker(self) -> None:
        while True:
            await asyncio.sleep(self.tick_s)
            if self._conns:
                try:
                    self._round()
                except Exception:  # a failed round is logged, never the end of every push
                    _log.exception("%s push round failed", self.name)


@dataclass
class QueuedConn:
    """One socket: its owner (listen-key sockets), its topics and its outbox (None closes it)."""

    ws: web.WebSocketResponse
    uid: str | None
    key: str | None
    topics: set[str] = field(default_factory=set)
    queue: asyncio.Queue[bytes | None] = field(default_factory=asyncio.Queue)
    last_ping: float = 0.0  # float ok: loop time
    unanswered_since: float | None = None  # float ok: loop time

    async def write(self) -> None:
        while (frame := await self.queue.get()) is not None:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.ws.send_bytes(frame)
        await self.ws.close()


@dataclass
class Feed:
    """A topic, shared by every socket subscribed to it."""

    topic: str
    symbol: str
    channel: str
    due: float = 0.0  # float ok: loop time of the next periodic push
    seen: int = 0  # tape trades already pushed (trade-driven channels)
    conns: list[Any] = field(default_factory=list)


class QueuedWs(WsApp[Q], Generic[Q, F]):
    """The spot and coin-M sockets: subclasses say which topics exist (`_supported`), what joining one sends
    (`_join`), what a heartbeat is (`_ping`) and what a listen-key socket gets on opening (`_open`)."""

    conn_type: type[Q]
    default_req_type: str | None = None  # a request without ``reqType`` (spot: "sub", as ccxt sends it)

    def __init__(self, state: SimState) -> None:
        super().__init__(state)
        self._feeds: dict[str, F] = {}

    def _supported(self, conn: Q, topic: str) -> bool:
        raise NotImplementedError

    def _join(self, conn: Q, topic: str) -> None:
        raise NotImplementedError

    def _ping(self, conn: Q, t: float) -> bytes:  # float ok: loop time
        raise NotImplementedError

    def _open(self, conn: Q) -> None:
        """Called for a listen-key socket before it is served."""

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        uid = None
        key = request.query.get("listenKey")
        if key is not None:
            found = self.state.listen_keys.lookup(key, self.state.clock.base_ms())
            if found is None:
                await ws.prepare(request)
                await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"invalid listenKey")
                return ws
            uid = found.uid
        conn = self.conn_type(ws, uid, key, last_ping=asyncio.get_running_loop().time())
        if uid is not None:
            self._open(conn)
        self._conns.append(conn)  # before the handshake: a change made once the client sees it open is its own
        writer: asyncio.Task[None] | None = None
        try:
            await ws.prepare(request)
            writer = asyncio.create_task(conn.write())  # frames queued meanwhile wait for the handshake
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    self._on_text(conn, msg.data)
        finally:
            self._conns.remove(conn)
            for topic in list(conn.topics):
                self._leave(conn, topic)
            conn.queue.put_nowait(None)
            if writer is not None:
                await writer
        return ws

    def _on_text(self, conn: Q, text: str) -> None:
        try:
            request = json.loads(text) if text != "Pong" else {"pong": True}
        except ValueError:
            return
        if not isinstance(request, dict):
            return
        if "pong" in request:
            self.pongs += 1
            conn.unanswered_since = None
            return
        topic, kind = request.get("dataType"), request.get("reqType", self.default_req_type)
        if not isinstance(topic, str) or kind not in ("sub", "unsub"):
            return
        raw_id = request.get("id")
        request_id: Json = raw_id if isinstance(raw_id, str | int) else None
        if not self._supported(conn, topic):
            conn.queue.put_nowait(frames.reply(request_id, frames.TOPIC_NOT_SUPPORTED))
            return
        conn.queue.put_nowait(frames.reply(request_id))
        if kind == "unsub":
            if topic in conn.topics:
                self._leave(conn, topic)
        elif topic not in conn.topics:
            self._join(conn, topic)

    def _leave(self, conn: Q, topic: str) -> None:
        conn.topics.discard(topic)
        feed = self._feeds.get(topic)
        if feed is not None and conn in feed.conns:
            feed.conns.remove(conn)
            if not feed.conns:
                del self._feeds[topic]

    def _heartbeats(self, t: float) -> None:  # float ok: loop time
        for conn in self._conns:
            if t - conn.last_ping >= self.ping_interval_s:
                conn.queue.put_nowait(self._ping(conn, t))
                conn.last_ping = t
                if conn.unanswered_since is None:
                    conn.unanswered_since = t
            if conn.unanswered_since is not None and t - conn.unanswered_since > self.pong_timeout_s:
                conn.unanswered_since = None
                conn.queue.put_nowait(None)

    def _push(self, feed: F, frame: bytes | None) -> None:
        """Queue ``frame`` (when there is one) to every subscriber of ``feed``."""
        if frame is not None:
            for conn in feed.conns:
                conn.queue.put_nowait(frame)
