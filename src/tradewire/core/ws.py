"""Venue-neutral websocket engine on aiohttp, in layers (STYLE §8).

- Frames (pure): `inflate` gzip-decompresses binary frames; a `Dialect` recognises heartbeats,
  builds subscribe frames, finds the topic of a data frame and decodes control frames.
- Connection: one socket; connect, answer heartbeats, silence watchdog, reconnect with
  exponential backoff and full jitter, resubscribe every topic after a reconnect.
- Subscriptions (`WsEngine`): topics spread over sockets (at most 200 each, at most 60 sockets),
  subscription frames paced (at most 10 per second), each ack tracked by id, data routed by topic
  to bounded per-consumer queues; frames of topics not acked are never delivered.

Nothing is silent: consumers read `StreamEvent` markers in line with the data
(`Disconnected`, `Reconnected`, `Resync`, `Overflow`, `ServerNotice`); a refused subscription
ends its iterator with `SubscriptionRefused` carrying the venue's code and message.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import threading
import time
import zlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import aiohttp
import msgspec

from tradewire.core.auth import scrub
from tradewire.core.errors import ExchangeError, TradewireError

__all__ = [
    "DEFAULT_LIMITS",
    "AckTimeout",
    "BadFrame",
    "Dialect",
    "Disconnected",
    "Feed",
    "Limits",
    "LoopThread",
    "Overflow",
    "RateLimiter",
    "Reconnected",
    "Resync",
    "ServerNotice",
    "StreamClosed",
    "StreamError",
    "StreamEvent",
    "Subscription",
    "SubscriptionRefused",
    "SyncStream",
    "TopicDialect",
    "WsEngine",
    "inflate",
]

T = TypeVar("T")

# --------------------------------------------------------------------------- errors


class StreamError(TradewireError):
    """The stream machinery failed: socket limit reached, no ack in time, engine closed."""


class StreamClosed(StreamError):
    """The engine or the subscription was closed."""


class AckTimeout(StreamError):
    """The server did not answer a subscribe/unsubscribe frame in time."""


class SubscriptionRefused(ExchangeError):
    """The server answered a subscribe/unsubscribe frame with a non-zero code."""

    def __init__(self, message: str, *, topic: str, venue: str = "", code: int | None = None) -> None:
        super().__init__(f"{message} (topic {topic})", venue=venue, code=code)
        self.message = message
        self.topic = topic


# --------------------------------------------------------------------------- markers


@dataclass(frozen=True, slots=True)
class StreamEvent:
    """A marker delivered in line with the data: something happened to the stream itself."""


@dataclass(frozen=True, slots=True)
class Disconnected(StreamEvent):
    """The socket carrying this stream dropped; data may be missing until `Reconnected`."""

    reason: str


@dataclass(frozen=True, slots=True)
class Reconnected(StreamEvent):
    """The stream is live again after a drop (resubscribed and acked)."""

    attempts: int
    downtime: float  # float ok: seconds


@dataclass(frozen=True, slots=True)
class Resync(StreamEvent):
    """The stream's state was thrown away and is being rebuilt (e.g. an order book resubscribed)."""

    reason: str


@dataclass(frozen=True, slots=True)
class Overflow(StreamEvent):
    """The consumer fell behind: ``dropped`` items were discarded at this point of the stream."""

    dropped: int


@dataclass(frozen=True, slots=True)
class BadFrame(StreamEvent):
    """A frame of this stream could not be decoded into its model; it is skipped, not lost silently."""

    error: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class ServerNotice(StreamEvent):
    """The server sent an error or a text frame that belongs to no request."""

    code: int | None
    message: str


# --------------------------------------------------------------------------- frames (pure)

_GZIP_MAGIC = b"\x1f\x8b"
_END = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


def inflate(data: bytes) -> bytes:
    """Decompress a gzip frame (``zlib.decompress(data, 31)``); other bytes are returned as is."""
    if data[:2] == _GZIP_MAGIC:
        return zlib.decompress(data, 31)
    return data


class Control(msgspec.Struct):
    """The fields of a non-data frame the engine looks at (ack, error, ping, bare event)."""

    id: str | None = None
    code: int | None = None
    msg: str | None = None
    ping: msgspec.Raw = msgspec.Raw()
    time: msgspec.Raw = msgspec.Raw()
    e: str | None = None


_CONTROL = msgspec.json.Decoder(Control)


class Dialect:
    """How a venue frames heartbeats, subscriptions and data; the default is BingX's.

    Subscribe: ``{"id","reqType":"sub"|"unsub","dataType"}``, ack ``{"id","code","msg"}``,
    data ``{"code":0,"dataType":<topic>,"data":…}``, heartbeat text ``Ping`` → ``Pong`` or JSON
    ``{"ping":x,"time":t}`` → ``{"pong":x,"time":t}``.
    """

    venue = ""

    def heartbeat_reply(self, raw: bytes) -> str | None:
        """The answer to a plain-text heartbeat frame, or None when ``raw`` is not one."""
        if len(raw) <= 6 and raw.strip().lower() == b"ping":
            return "Pong"
        return None

    def topic_of(self, raw: bytes) -> str | None:
        """The topic of a data frame, or None/"" for control frames."""
        raise NotImplementedError

    def sub_frame(self, request_id: str, topic: str, subscribe: bool) -> str:
        """The frame that (un)subscribes ``topic``."""
        raise NotImplementedError

    def control(self, raw: bytes) -> Control:
        """Decode a non-data frame (raises msgspec.DecodeError when it is not JSON)."""
        return _CONTROL.decode(raw)


class TopicDialect(Dialect):
    """The ``id/reqType/dataType`` JSON dialect (BingX swap, spot and coin-M)."""

    venue = "bingx"
    _KEY = b'"dataType":"'

    def topic_of(self, raw: bytes) -> str | None:
        # Fast path instead of a full envelope decode: the topic is the first "dataType" string.
        # BingX data frames carry it at the top level before `data`; acks carry "" (control).
        start = raw.find(self._KEY)
        if start < 0:
            return None
        start += len(self._KEY)
        end = raw.find(b'"', start)
        return raw[start:end].decode() if end > start else ""

    def sub_frame(self, request_id: str, topic: str, subscribe: bool) -> str:
        return msgspec.json.encode(
            {"id": request_id, "reqType": "sub" if subscribe else "unsub", "dataType": topic}
        ).decode()


def pong_for(ctl: Control) -> str | None:
    """The JSON pong answering a JSON ping, echoing its fields byte for byte."""
    if not ctl.ping:
        return None
    reply = b'{"pong":' + bytes(ctl.ping)
    if ctl.time:
        reply += b',"time":' + bytes(ctl.time)
    return (reply + b"}").decode()


# --------------------------------------------------------------------------- flow control


class RateLimiter:
    """At most ``count`` acquisitions in any ``period`` seconds; `acquire` waits for a slot.

    A sliding window rather than a refilling token bucket: a bucket of capacity 10 refilled at
    10/s lets 19 frames through within one second, which the venue's "10 per second" forbids.
    """

    def __init__(self, count: int, period: float) -> None:  # float ok: seconds
        self.count = count
        self.period = period  # float ok: seconds
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait until one more frame may be sent, and take the slot."""
        async with self._lock:
            sent, now = self._sent, time.monotonic()
            while sent and now - sent[0] >= self.period:
                sent.popleft()
            if len(sent) >= self.count:
                await asyncio.sleep(sent[0] + self.period - now)
                sent.popleft()
            sent.append(time.monotonic())


@dataclass(frozen=True, slots=True)
class Limits:
    """Venue limits and engine timings (seconds)."""

    topics_per_socket: int = 200
    sockets: int = 60
    sub_frames: int = 10
    sub_period: float = 1.0  # float ok: seconds
    silence: float = 15.0  # float ok: seconds without any frame before reconnecting
    ack_timeout: float = 10.0  # float ok: seconds
    connect_timeout: float = 10.0  # float ok: seconds for the handshake, and for the closing handshake
    backoff_base: float = 0.5  # float ok: seconds
    backoff_max: float = 30.0  # float ok: seconds
    queue_size: int = 10_000


DEFAULT_LIMITS = Limits()


def backoff_delay(attempt: int, limits: Limits, rng: random.Random) -> float:  # float ok: seconds
    """Exponential backoff with full jitter: uniform in ``[0, min(max, base * 2**attempt)]``."""
    return rng.uniform(0, min(limits.backoff_max, limits.backoff_base * 2**attempt))


# --------------------------------------------------------------------------- queues

Item = bytes | StreamEvent


class _Queue:
    """A bounded FIFO that reports overflow with an `Overflow` marker instead of dropping silently."""

    __slots__ = ("_closed", "_dropped", "_error", "_items", "_maxsize", "_waiter")

    def __init__(self, maxsize: int) -> None:
        self._items: deque[Item] = deque()
        self._maxsize = maxsize
        self._dropped = 0
        self._waiter: asyncio.Future[None] | None = None
        self._error: BaseException | None = None
        self._closed = False

    def put(self, item: Item) -> None:
        if self._closed or self._error is not None:
            return
        items = self._items
        if len(items) >= self._maxsize:
            self._dropped += 1
            return
        if self._dropped:
            items.append(Overflow(self._dropped))
            self._dropped = 0
        items.append(item)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def fail(self, error: BaseException) -> None:
        """End the queue with ``error`` once the items already queued are read."""
        if self._error is None:
            self._error = error
            self._wake()

    def close(self) -> None:
        """End the queue now; queued items are discarded."""
        self._closed = True
        self._items.clear()
        self._wake()

    def discard_data(self) -> None:
        """Drop queued data but keep queued markers."""
        self._items = deque(item for item in self._items if isinstance(item, StreamEvent))

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def get(self) -> Item:
        while True:
            if self._items:
                return self._items.popleft()
            if self._dropped:
                dropped, self._dropped = self._dropped, 0
                return Overflow(dropped)
            if self._closed:
                raise StopAsyncIteration
            if self._error is not None:
                raise self._error
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None


# --------------------------------------------------------------------------- subscriptions


#: Runs in the reader for every item of one consumer; returns what to queue (None: nothing).
Transform = Callable[[Item], Item | None]


class Subscription:
    """One consumer of one topic: an async iterator of raw frames (bytes) and `StreamEvent`s.

    With a ``transform``, each frame and marker is first handed to it in the reader, without a
    queue hop (e.g. an order book applies updates there and queues only "changed" notices).
    """

    def __init__(self, engine: WsEngine, topic: str | None, queue: _Queue, transform: Transform | None = None) -> None:
        self.topic = topic
        self._engine = engine
        self._queue = queue
        self._closed = False
        self._transform = transform
        #: Hands one item to this consumer (called by the reader).
        self.deliver: Callable[[Item], None] = queue.put if transform is None else self._deliver

    def _deliver(self, item: Item) -> None:
        assert self._transform is not None
        out = self._transform(item)
        if out is not None:
            self._queue.put(out)

    def last_queued(self) -> Item | None:
        """The newest item waiting in the queue, if any."""
        items = self._queue._items
        return items[-1] if items else None

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Item:
        return await self._queue.get()

    def post(self, event: StreamEvent) -> None:
        """Put a marker into this consumer's stream (used by higher layers, e.g. a book resync)."""
        self._queue.put(event)

    async def wait_active(self) -> None:
        """Wait until the topic is acked (raises `SubscriptionRefused`/`StreamError` if it fails)."""
        if self.topic is not None:
            await self._engine._wait_active(self.topic)

    async def resubscribe(self, reason: str) -> None:
        """Unsubscribe and subscribe the topic again; every consumer of it receives `Resync`."""
        await self.start_resubscribe(reason)

    def start_resubscribe(self, reason: str) -> asyncio.Future[None]:
        """`resubscribe` from synchronous code: frames stop now; the (un)subscribe runs in a task."""
        if self.topic is None:
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        return self._engine._resubscribe(self.topic, reason)

    async def close(self) -> None:
        """Stop consuming; the topic is unsubscribed when its last consumer closes."""
        if not self._closed:
            self._closed = True
            self._queue.close()
            await self._engine._release(self)


class Feed(Subscription):
    """The un-routed frames of one dedicated socket (e.g. a listen-key account stream)."""

    def __init__(self, engine: WsEngine, connection: Connection, queue: _Queue) -> None:
        super().__init__(engine, None, queue)
        self.connection = connection

    def reconnect(self, reason: str) -> None:
        """Drop the socket and connect again (the URL is rebuilt, e.g. with a new listen key)."""
        self.connection.drop(reason)


class _FeedTap(Subscription):
    """A topic consumer that hands the topic's frames to a feed's queue (the feed gets markers itself)."""

    def __init__(self, queue: _Queue) -> None:
        self._queue = queue
        self.deliver = self._tap

    def _tap(self, item: Item) -> None:
        if isinstance(item, bytes):
            self._queue.put(item)


class _Topic:
    __slots__ = ("activating", "active", "connection", "consumers", "failed", "interrupted", "name", "ready")

    def __init__(self, name: str, connection: Connection) -> None:
        self.name = name
        self.connection = connection
        self.consumers: list[Subscription] = []
        self.active = False
        self.activating = False
        self.failed = False
        #: A `Disconnected` was delivered; a `Reconnected` follows the next ack.
        self.interrupted = False
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def broadcast(self, item: Item) -> None:
        for consumer in self.consumers:
            consumer.deliver(item)

    def fail(self, error: BaseException) -> None:
        self.active = False
        self.failed = True
        if not self.ready.done():
            self.ready.set_exception(error)
            self.ready.exception()  # retrieved: consumers see it through their queues
        for consumer in self.consumers:
            consumer._queue.fail(error)


# --------------------------------------------------------------------------- connection


class Connection:
    """One websocket: connect, heartbeat, watchdog, reconnect with backoff, resubscribe."""

    def __init__(
        self,
        url: Callable[[], str],
        *,
        session: Callable[[], aiohttp.ClientSession],
        dialect: Dialect,
        limits: Limits,
        limiter: RateLimiter,
        rng: random.Random,
        feed: _Queue | None = None,
    ) -> None:
        self._url = url
        self._session = session
        self.dialect = dialect
        self.limits = limits
        self._limiter = limiter
        self._rng = rng
        self.topics: dict[str, _Topic] = {}
        #: Where un-routed frames go (a dedicated socket such as an account stream), else None.
        self.feed = feed
        self._feed_interrupted = False
        self._drop_reason = ""
        self._silent = False
        #: Frames received (read by the silence watchdog).
        self.frames = 0
        # request id -> (ack future, what to do synchronously on a zero-code ack)
        self._pending: dict[str, tuple[asyncio.Future[tuple[int, str]], Callable[[], None] | None]] = {}
        self._ids = itertools.count(1)
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._open = asyncio.Event()
        self._send_lock = asyncio.Lock()
        self._closed = False
        self._task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        #: Completed connects (1 after the first connect).
        self.connects = 0

    # -- lifecycle

    def start(self) -> None:
        """Start the connect/read/reconnect loop in a task."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def drop(self, reason: str) -> None:
        """Close the socket now and reconnect at once (the URL is read again)."""
        if self._ws is not None and not self._ws.closed:
            self._spawn(self._ws.close(code=aiohttp.WSCloseCode.GOING_AWAY, message=reason.encode()[:120]))
            self._drop_reason = reason

    async def close(self) -> None:
        """Stop for good: no reconnect; every topic's consumers end."""
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for task in list(self._tasks):
            task.cancel()
        if self._ws is not None:
            await self._ws.close()
        for future, _ in self._pending.values():
            if not future.done():
                future.set_exception(StreamClosed("connection closed"))
                future.exception()
        if self.feed is not None:
            self.feed.close()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self) -> None:
        attempt = 0
        down_since: float | None = None  # float ok: monotonic seconds
        while not self._closed:
            reason = "closed by server"
            self._drop_reason = ""
            try:
                async with asyncio.timeout(self.limits.connect_timeout):
                    ws = await self._session().ws_connect(
                        self._url(),
                        autoping=True,
                        timeout=aiohttp.ClientWSTimeout(ws_close=self.limits.connect_timeout),
                        max_msg_size=0,
                    )
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                attempt += 1
                if down_since is None:
                    down_since = time.monotonic()
                    self._disconnected(f"connect failed: {exc!r}")
                await asyncio.sleep(backoff_delay(attempt, self.limits, self._rng))
                continue
            self._ws = ws
            self.connects += 1
            self._open.set()
            downtime = 0.0 if down_since is None else time.monotonic() - down_since
            down_since = None
            self._spawn(self._resubscribe_all(attempt, downtime))
            self._silent = False
            try:
                if await self._read(ws):
                    attempt = 0
            except (aiohttp.ClientError, OSError) as exc:
                reason = f"read failed: {exc!r}"
            finally:
                self._open.clear()
                self._ws = None
                await ws.close()
            if self._closed:
                break
            if self._silent:
                reason = f"no frame for {self.limits.silence:g} s"
            deliberate = bool(self._drop_reason)
            reason = self._drop_reason or reason
            down_since = time.monotonic()
            for future, _ in self._pending.values():
                if not future.done():
                    future.set_exception(StreamError(f"disconnected: {reason}"))
                    future.exception()
            self._pending.clear()
            for topic in self.topics.values():
                topic.active = False
            self._disconnected(reason)
            if not deliberate:
                attempt += 1
                await asyncio.sleep(backoff_delay(attempt, self.limits, self._rng))

    def _broadcast(self, event: StreamEvent) -> None:
        for topic in self.topics.values():
            topic.broadcast(event)
        if self.feed is not None:
            self.feed.put(event)

    def _disconnected(self, reason: str) -> None:
        for topic in self.topics.values():
            topic.interrupted = True
        self._feed_interrupted = True
        self._broadcast(Disconnected(scrub(reason)))  # a handshake error's repr holds the URL and its listenKey

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> bool:
        """Read frames until the socket ends; True when at least one frame arrived."""
        got = False
        binary, text = aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT
        handle = self.handle
        watchdog = asyncio.get_running_loop().create_task(self._watchdog(ws))
        try:
            while True:
                msg = await ws.receive()
                self.frames += 1
                kind = msg.type
                if kind is binary:
                    reply = handle(inflate(msg.data))
                elif kind is text:
                    reply = handle(msg.data.encode())
                elif kind in _END:
                    return got
                else:  # protocol ping/pong, answered by aiohttp
                    reply = None
                got = True
                if reply is not None:
                    async with self._send_lock:
                        await ws.send_str(reply)
        finally:
            watchdog.cancel()

    async def _watchdog(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        """Drop the socket when no frame arrived for `Limits.silence` seconds.

        A ticker instead of a timeout on every receive, which would cost more than the frame.
        """
        silence = self.limits.silence
        tick = silence / 5
        loop = asyncio.get_running_loop()
        seen, since = self.frames, loop.time()
        while not ws.closed:
            await asyncio.sleep(tick)
            if self.frames != seen:
                seen, since = self.frames, loop.time()
            elif loop.time() - since >= silence:
                self._silent = True
                await ws.close()
                return

    # -- frames

    def handle(self, raw: bytes) -> str | None:
        """Route one decompressed frame; returns the heartbeat answer to send, if any."""
        dialect = self.dialect
        topic_name = dialect.topic_of(raw)
        if topic_name:
            topic = self.topics.get(topic_name)
            if topic is not None and topic.active:
                for consumer in topic.consumers:
                    consumer.deliver(raw)
            return None  # a frame for a topic not acked is not delivered
        reply = dialect.heartbeat_reply(raw)
        if reply is not None:
            return reply
        try:
            ctl = dialect.control(raw)
        except (msgspec.DecodeError, UnicodeDecodeError):
            self._notice(ServerNotice(None, raw.decode(errors="replace")))
            return None
        if ctl.ping:
            return pong_for(ctl)
        if ctl.id is not None and ctl.id in self._pending:
            future, on_ok = self._pending.pop(ctl.id)
            if not ctl.code and on_ok is not None:
                on_ok()  # now, so that frames right behind the ack are delivered
            if not future.done():
                future.set_result((ctl.code or 0, ctl.msg or ""))
        elif self.feed is not None and (ctl.e is not None or not ctl.code):
            self.feed.put(raw)
        elif ctl.code:
            self._notice(ServerNotice(ctl.code, ctl.msg or ""))
        return None

    def _notice(self, event: ServerNotice) -> None:
        self._broadcast(event)

    # -- requests

    async def request(self, topic: str, subscribe: bool, on_ok: Callable[[], None] | None = None) -> None:
        """Send one (un)subscribe frame, paced, and wait for its ack (``on_ok`` runs as it arrives)."""
        await self._open.wait()
        await self._limiter.acquire()
        ws = self._ws
        if ws is None or ws.closed:
            raise StreamError("disconnected")
        request_id = str(next(self._ids))
        future: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = (future, on_ok)
        try:
            async with self._send_lock:
                await ws.send_str(self.dialect.sub_frame(request_id, topic, subscribe))
        except (aiohttp.ClientError, ConnectionError) as exc:
            self._pending.pop(request_id, None)
            raise StreamError(f"disconnected: {exc!r}") from None
        try:
            code, msg = await asyncio.wait_for(future, self.limits.ack_timeout)
        except TimeoutError:
            self._pending.pop(request_id, None)
            raise AckTimeout(f"no ack for {topic} within {self.limits.ack_timeout:g} s") from None
        if code != 0:
            raise SubscriptionRefused(msg or "refused", topic=topic, venue=self.dialect.venue, code=code)

    async def activate(self, topic: _Topic, attempts: int = 0, downtime: float = 0.0) -> None:  # float ok
        """Subscribe ``topic`` on this socket and start delivering its frames once acked."""
        if topic.active or topic.activating or topic.failed:
            return
        topic.activating = True

        def acked() -> None:
            if self.topics.get(topic.name) is not topic:
                return  # released while waiting for the ack
            topic.active = True
            if topic.interrupted:
                topic.interrupted = False
                topic.broadcast(Reconnected(attempts, downtime))
            if not topic.ready.done():
                topic.ready.set_result(None)

        try:
            await self.request(topic.name, True, acked)
        except (SubscriptionRefused, AckTimeout, StreamClosed) as exc:
            self.topics.pop(topic.name, None)
            topic.fail(exc)
            return
        except StreamError:
            return  # disconnected meanwhile: the next connect resubscribes
        finally:
            topic.activating = False

    async def _resubscribe_all(self, attempts: int, downtime: float) -> None:  # float ok: seconds
        if self.feed is not None and self._feed_interrupted:
            self._feed_interrupted = False
            self.feed.put(Reconnected(attempts, downtime))
        for topic in list(self.topics.values()):
            await self.activate(topic, attempts, downtime)

    @property
    def is_open(self) -> bool:
        """True while the socket is connected."""
        return self._open.is_set()


# --------------------------------------------------------------------------- engine


class WsEngine:
    """Topic subscriptions over as many sockets as the limits need.

    ``subscribe(topic)`` returns at once; the consumer iterates it and receives data once the
    topic is acked, markers as things happen, or `SubscriptionRefused` if the server says no.
    """

    def __init__(
        self,
        url: str,
        *,
        dialect: Dialect | None = None,
        limits: Limits = DEFAULT_LIMITS,
        session: aiohttp.ClientSession | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.url = url
        self.dialect = dialect or TopicDialect()
        self.limits = limits
        self._session = session
        self._own_session = session is None
        self._rng = rng or random.Random()
        self._limiter: RateLimiter | None = None
        self.connections: list[Connection] = []
        self._topics: dict[str, _Topic] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    def session(self) -> aiohttp.ClientSession:
        """The aiohttp session (created on first use when none was given)."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    def _new_connection(self, url: Callable[[], str], feed: _Queue | None = None) -> Connection:
        if self._closed:
            raise StreamClosed("engine closed")
        if len(self.connections) >= self.limits.sockets:
            raise StreamError(f"socket limit reached ({self.limits.sockets} per IP)")
        if self._limiter is None:
            self._limiter = RateLimiter(self.limits.sub_frames, self.limits.sub_period)
        connection = Connection(
            url,
            session=self.session,
            dialect=self.dialect,
            limits=self.limits,
            limiter=self._limiter,
            rng=self._rng,
            feed=feed,
        )
        self.connections.append(connection)
        connection.start()
        return connection

    def subscribe(
        self, topic: str, *, queue_size: int | None = None, transform: Transform | None = None
    ) -> Subscription:
        """A new consumer of ``topic``; the topic is subscribed unless another consumer has it."""
        consumer = Subscription(self, topic, _Queue(queue_size or self.limits.queue_size), transform)
        state = self._topics.get(topic)
        if state is None or state.failed:
            connection = next(
                (c for c in self.connections if c.feed is None and len(c.topics) < self.limits.topics_per_socket),
                None,
            ) or self._new_connection(lambda: self.url)
            state = self._topics[topic] = _Topic(topic, connection)
            connection.topics[topic] = state
            state.consumers.append(consumer)
            if connection.is_open:
                connection._spawn(connection.activate(state))
        else:
            state.consumers.append(consumer)
        return consumer

    def open_feed(self, url: Callable[[], str], *, queue_size: int | None = None,
                  topics: tuple[str, ...] = ()) -> Feed:
        """A dedicated socket whose un-routed frames (e.g. account events) are read as a `Feed`; `topics` are
        subscribed on it (again after each reconnect) and their frames join the same feed."""
        queue = _Queue(queue_size or self.limits.queue_size)
        connection = self._new_connection(url, queue)
        for name in topics:
            topic = connection.topics[name] = _Topic(name, connection)
            topic.consumers.append(_FeedTap(queue))
        return Feed(self, connection, queue)

    async def _wait_active(self, topic: str) -> None:
        state = self._topics.get(topic)
        if state is None:
            raise StreamClosed(f"{topic} is not subscribed")
        await asyncio.shield(state.ready)

    def _resubscribe(self, topic: str, reason: str) -> asyncio.Future[None]:
        """Stop delivering ``topic`` now, tell its consumers, and (un)subscribe it in a task."""
        state = self._topics.get(topic)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        if state is None or state.failed:
            return done
        was_active, state.active = state.active, False
        for consumer in state.consumers:
            consumer._queue.discard_data()
        state.broadcast(Resync(reason))
        connection = state.connection
        if not (was_active and connection.is_open):
            return done  # not live yet or disconnected: the pending (re)subscribe delivers a fresh stream
        task = asyncio.get_running_loop().create_task(self._cycle(state))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _cycle(self, state: _Topic) -> None:
        connection, topic = state.connection, state.name
        try:
            await connection.request(topic, False)
        except SubscriptionRefused as exc:
            state.fail(exc)
            return
        except StreamError:
            return  # disconnected: the reconnect resubscribes
        await connection.activate(state)

    async def _release(self, consumer: Subscription) -> None:
        if isinstance(consumer, Feed):
            if consumer.connection in self.connections:
                self.connections.remove(consumer.connection)
            await consumer.connection.close()
            return
        assert consumer.topic is not None
        state = self._topics.get(consumer.topic)
        if state is None or consumer not in state.consumers:
            return
        state.consumers.remove(consumer)
        if state.consumers:
            return
        del self._topics[state.name]
        if state.failed:
            return
        connection = state.connection
        connection.topics.pop(state.name, None)
        was_active, state.active = state.active, False
        if was_active and connection.is_open and not self._closed:
            with contextlib.suppress(StreamError):
                await connection.request(state.name, False)
        if not connection.topics and connection.feed is None:
            self.connections.remove(connection)
            await connection.close()

    async def close(self) -> None:
        """Close every socket; every consumer's iterator ends."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for state in self._topics.values():
            for consumer in state.consumers:
                consumer._queue.close()
        self._topics.clear()
        for connection in self.connections:
            await connection.close()
        self.connections.clear()
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> WsEngine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


# --------------------------------------------------------------------------- sync bridge


class LoopThread:
    """An asyncio loop running in a daemon thread, for blocking (sync) consumers."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="tradewire-ws", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:  # float ok: seconds
        """Run ``coro`` on the loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        """Stop the loop and join the thread."""
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)
        if not self.loop.is_running():
            self.loop.close()


class SyncStream(Generic[T]):
    """A blocking iterator over an async iterator living on a `LoopThread`."""

    def __init__(
        self, runner: LoopThread, source: AsyncIterator[T], close: Callable[[], Coroutine[Any, Any, None]]
    ) -> None:
        self._runner = runner
        self._source = source
        self._close = close

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        try:
            return self._runner.run(self._next())
        except StopAsyncIteration:
            raise StopIteration from None

    async def _next(self) -> T:
        return await self._source.__anext__()

    def close(self) -> None:
        """Stop the stream (unsubscribes)."""
        self._runner.run(self._close())

    def __enter__(self) -> SyncStream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
