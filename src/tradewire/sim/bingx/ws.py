"""The BingX swap websocket on ``/swap-market``: market channels, the account stream, heartbeats, faults.

Protocol (bingx.md §12-§16): every server frame is a gzip-compressed binary frame, the heartbeat text
``Ping`` included (every ``ping_interval_s``; a socket whose ``Pong`` is ``pong_timeout_s`` late is
closed). ``{"id","reqType":"sub"|"unsub","dataType"}`` is acked ``{"id","code":0,"msg":"","dataType":"",
"data":null}``; an unknown topic gets 80015, the topic beyond ``max_topics`` (200) on a socket 80403 (the
four contracts offer 124 topics, so tests lower ``max_topics``); a request that is not JSON or whose
``dataType`` is not a string gets no answer.

Market channels come from the simulator's market: ``<symbol>@depth<5|10|20|50|100>[@<200ms|500ms>]``,
``@trade``, ``@kline_<interval>``, ``@ticker``, ``@lastPrice``, ``@markPrice``, ``@bookTicker`` and
``@incrDepth`` (``action:"all"`` snapshot of ``INCR_LEVELS`` levels per side on subscribing, then
``action:"update"`` diffs with increasing ``lastUpdateId``, one id sequence per symbol). A push round runs
every ``tick_s``: periodic channels push at the live rates, trade-driven ones when trades printed, and
``@incrDepth`` when the book changed. The book changes with each trade of the tape (one per 10 simulated
seconds), so tests speed the clock up or call ``step(n)`` / ``await step_async(n)``: n rounds, each after
advancing the clock by ``ms`` (one trade by default), every channel pushing. ``book(symbol)`` is the book
those frames describe (Decimal (price, qty), best first); ``last_update_id(symbol)`` its id. Steps jump
the clock, so signed REST calls made afterwards need a client clock that follows.

Account stream: ``/swap-market?listenKey=<key>`` (an unknown or expired key: the socket is closed with
1008). For the key's owner it pushes ``ACCOUNT_CONFIG_UPDATE`` per contract on connect, every
``config_interval_ms`` of simulated time and when a leverage or margin type setting changes (read from the
settings); ``ORDER_TRADE_UPDATE`` per perpetual `OrderEvent`; one ``ACCOUNT_UPDATE`` per burst of
perpetual-account balance/position events (REST transfers, fills, funding, liquidations, isolated margin
added or removed: ``MARGIN_TRANSFER``); and ``listenKeyExpired`` once the key is no longer valid, after
which the socket stays open but gets no account events.

Faults: ``faults`` (`WsFaults`, also ``Simulator.ws_faults``): ``drop``, ``no_ping``, ``silence``,
``skip_ids``, ``stale``; see `tradewire.sim.bingx.ws_faults`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from aiohttp import WSCloseCode, WSMsgType, web

from tradewire.sim import wsout
from tradewire.sim.bingx import replay_ws
from tradewire.sim.bingx import ws_frames as frames
from tradewire.sim.bingx.books import swap_book
from tradewire.sim.bingx.perp import ACCOUNT as PERP
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.trading import settled, spot_settled, trading
from tradewire.sim.bingx.ws_faults import CONNECTION_KINDS, WsFaults
from tradewire.sim.bingx.ws_socket import WsApp
from tradewire.sim.events import BalanceEvent, ConfigEvent, Event, OrderEvent, PositionEvent
from tradewire.sim.jsonenc import Json
from tradewire.sim.market import INTERVALS
from tradewire.sim.tape import SPACING_MS
from tradewire.sim.wsout import Outbox

PATH = "/swap-market"
MAX_TOPICS = 200  # per socket (4 contracts offer 124 topics: tests lower `max_topics` to reach it)
INCR_LEVELS = 100  # levels per side of the @incrDepth book
FIRST_UPDATE_ID = 800_000_000
MAX_STEPS = 100_000
STEP_BACKLOG = 256 * 1024  # step() waits while a client has more bytes than this unread ...
STEP_WAIT_S = 5.0  # float ok: ... but no longer than this many seconds per step
FAST = ("BTC-USDT", "ETH-USDT")  # pushed every 200 ms; the others at their slower rates
_TOPIC = re.compile(r"^(?P<symbol>[A-Z0-9]+-[A-Z]+)@(?P<channel>.+)$")
#: levels 5/10/20/50/100 and interval 200ms/500ms (swap-ws-market api-reference); without an interval as well,
#: the topic ccxt.pro subscribes (`<symbol>@depth100`, ccxt/pro/bingx.py watch_order_book), at the symbol's rate
_DEPTH = re.compile(r"^depth(5|10|20|50|100)(@200ms|@500ms)?$")
_PERIODS_MS = {"ticker": 1000, "markPrice": 1000, "bookTicker": 200}


def _trade_driven(channel: str) -> bool:
    return channel in ("trade", "lastPrice") or channel.startswith("kline_")


@dataclass
class _Account:
    key: str
    uid: str
    expired: bool = False
    config_ms: int = 0  # simulated time of the last ACCOUNT_CONFIG_UPDATE
    balances: list[BalanceEvent] = field(default_factory=list)
    positions: list[PositionEvent] = field(default_factory=list)
    orders: list[OrderEvent] = field(default_factory=list)
    configs: list[str] = field(default_factory=list)  # symbols whose settings changed since the last push


class _Conn:
    """One socket: its topics, its outbox (frames leave in the order sent) and its faults."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, account: _Account | None,
                 t: float) -> None:  # float ok: loop time
        self.ws = ws
        self.request = request
        self.account = account
        self.topics: set[str] = set()
        self.outbox = Outbox(request)
        self.faults: set[str] = set()
        self.last_ping = t
        self.unanswered_since: float | None = None  # float ok: loop time
        self._closing: asyncio.Task[bool] | None = None

    def send(self, payload: bytes) -> None:
        """Send one gzip frame to this socket alone."""
        self.write(wsout.frame(payload))

    def write(self, wire: bytes) -> None:
        """Queue an already framed message (`wsout.frame`, shared by every subscriber of a push); nothing while
        silenced; a client more than ``wsout.MAX_BACKLOG`` bytes behind is dropped."""
        if "silence" not in self.faults and not self.outbox.put(wire):
            self.drop()

    def close(self) -> asyncio.Task[bool]:
        """Close the socket properly once the frames already sent are written."""
        self.outbox.flush()
        if self._closing is None:
            self._closing = asyncio.ensure_future(self.ws.close())
        return self._closing

    def drop(self) -> None:
        """Close the TCP connection without a close frame."""
        if self.request.transport is not None:
            self.request.transport.close()


@dataclass
class _Feed:
    """A topic, shared by every socket subscribed to it."""

    topic: str
    symbol: str
    channel: str
    period_ms: int
    due: float = 0.0  # float ok: loop time of the next push of a periodic or rate-limited channel
    seen: int = 0  # trades already pushed (trade-driven channels)
    book: tuple[frames.Side, frames.Side] = ({}, {})  # @incrDepth: the book the pushes describe
    previous: bytes | None = None  # @incrDepth: the last update frame (for the stale fault)
    replay: replay_ws.Feed | None = None  # @incrDepth of a replayed symbol: its recorded frames, pushed so far
    conns: list[_Conn] = field(default_factory=list)


class BingXWs(WsApp[_Conn]):
    """The websocket front end of one simulator; ``install`` puts it on the app (``build_app`` does)."""

    path = PATH
    name = "websocket"

    def __init__(self, state: SimState) -> None:
        super().__init__(state)
        self.faults = WsFaults()
        self.config_interval_ms = 5000
        self.max_topics = MAX_TOPICS
        self._feeds: dict[str, _Feed] = {}
        self._update_ids: dict[str, int] = {}

    # ------------------------------------------------------------------ test-facing API

    def book(self, symbol: str, levels: int = INCR_LEVELS) -> tuple[list[tuple[Decimal, Decimal]],
                                                                    list[tuple[Decimal, Decimal]]]:
        """The simulator's book now as (bids, asks), best first, (price, qty): what ``@incrDepth`` keeps."""
        c = self.state.market.contracts[symbol]
        with self.state.lock:
            bids, asks = swap_book(self.state, symbol, self.state.clock.now_ms(), levels)
        return [(c.price(p), c.qty(q)) for p, q in bids], [(c.price(p), c.qty(q)) for p, q in asks]

    def last_update_id(self, symbol: str) -> int | None:
        """The ``lastUpdateId`` of the latest ``@incrDepth`` push of ``symbol`` (None before any)."""
        return self._update_ids.get(symbol)

    def step(self, n: int = 1, ms: int = SPACING_MS, timeout: float = 60.0) -> None:  # float ok: seconds
        """Advance the clock by ``ms`` and push every channel, ``n`` times; blocks (not on the server loop)."""
        self._submit(n, ms).result(timeout)

    async def step_async(self, n: int = 1, ms: int = SPACING_MS) -> None:
        """`step` awaited from a coroutine on another event loop."""
        await asyncio.wrap_future(self._submit(n, ms))

    def _submit(self, n: int, ms: int) -> concurrent.futures.Future[None]:
        if not 1 <= n <= MAX_STEPS or ms < 0:
            raise ValueError(f"need 1 <= n <= {MAX_STEPS} and ms >= 0")
        loop = self._loop
        if loop is None:
            raise RuntimeError("the simulator is not running")
        with contextlib.suppress(RuntimeError):
            if asyncio.get_running_loop() is loop:
                raise ValueError("step() cannot run on the simulator's own loop")
        return asyncio.run_coroutine_threadsafe(self._steps(n, ms), loop)

    async def _steps(self, n: int, ms: int) -> None:
        loop = asyncio.get_running_loop()
        for _ in range(n):
            self.state.clock.advance(ms)
            self._round(force=True)
            # the step's frames leave now, as a live venue's would: they were only written once 256 KiB had piled
            # up, which on a loaded machine took longer than a client's 15 s of silence before it reconnects
            await asyncio.sleep(0)
            deadline = loop.time() + STEP_WAIT_S
            while any(c.outbox.backlog() > STEP_BACKLOG for c in self._conns) and loop.time() < deadline:
                await asyncio.sleep(0.001)

    # ------------------------------------------------------------------ sockets

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = wsout.response()
        await ws.prepare(request)
        account = None
        key = request.query.get("listenKey")
        if key is not None:
            found = self.state.listen_keys.lookup(key, self.state.clock.base_ms())
            if found is None:
                await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"invalid listenKey")
                return ws
            account = _Account(key, found.uid)
        conn = _Conn(ws, request, account, asyncio.get_running_loop().time())
        self._conns.append(conn)
        if account is not None:
            with self.state.lock:
                self._configs(conn, account)
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    self._on_text(conn, msg.data)
        finally:
            self._conns.remove(conn)
            for topic in list(conn.topics):
                self._leave(conn, topic)
            await conn.close()
        return ws

    def _on_text(self, conn: _Conn, text: str) -> None:
        if text == "Pong":
            self.pongs += 1
            conn.unanswered_since = None
            return
        try:
            request = json.loads(text)
        except ValueError:
            return
        if not isinstance(request, dict):
            return
        topic, kind, raw_id = request.get("dataType"), request.get("reqType"), request.get("id")
        if not isinstance(topic, str) or kind not in ("sub", "unsub"):
            return
        request_id: Json = raw_id if isinstance(raw_id, str | int) else None
        parsed = self._parse(topic)
        if parsed is None:
            conn.send(frames.reply(request_id, frames.TOPIC_NOT_SUPPORTED))
        elif kind == "unsub":
            if topic in conn.topics:
                self._leave(conn, topic)
            conn.send(frames.reply(request_id))
        elif topic in conn.topics:
            conn.send(frames.reply(request_id))
        elif len(conn.topics) >= self.max_topics:
            conn.send(frames.reply(request_id, frames.TOPIC_LIMIT))
        else:
            conn.send(frames.reply(request_id))
            self._join(conn, topic, *parsed)

    def _parse(self, topic: str) -> tuple[str, str, int] | None:
        """(symbol, channel, push period in ms; 0 when pushed on trades) of a supported topic."""
        match = _TOPIC.match(topic)
        if match is None or match["symbol"] not in self.state.market.contracts:
            return None
        symbol, channel = match["symbol"], match["channel"]
        fast = symbol in FAST
        if _DEPTH.match(channel):
            return symbol, channel, 200 if fast else 500
        if channel == "incrDepth":
            return symbol, channel, 200 if fast else 800
        if channel in _PERIODS_MS:
            return symbol, channel, _PERIODS_MS[channel]
        if _trade_driven(channel) and channel.removeprefix("kline_") in ("trade", "lastPrice", *INTERVALS):
            return symbol, channel, 0
        return None

    def _join(self, conn: _Conn, topic: str, symbol: str, channel: str, period_ms: int) -> None:
        market = self.state.market
        with self.state.lock:
            now = self.state.clock.now_ms()
            feed = self._feeds.get(topic)
            if feed is None:
                feed = self._feeds[topic] = _Feed(topic, symbol, channel, period_ms)
                if channel == "incrDepth":
                    feed.replay = replay_ws.feed_of(market, symbol, topic, now)
                    feed.book = frames.book_sides(self.state, symbol, now, INCR_LEVELS)
                    self._update_ids.setdefault(symbol, FIRST_UPDATE_ID)
                elif _trade_driven(channel):
                    feed.seen = market.tape(symbol).count(now)
            feed.conns.append(conn)
            conn.topics.add(topic)
            if channel == "incrDepth" and feed.replay is not None:
                snap = feed.replay.snapshot(now)
                if snap is not None:
                    conn.send(snap)
            elif channel == "incrDepth":
                conn.send(frames.incr_snapshot(market.contracts[symbol], topic, *feed.book,
                                               self._update_ids[symbol], now))

    def _leave(self, conn: _Conn, topic: str) -> None:
        conn.topics.discard(topic)
        feed = self._feeds[topic]
        feed.conns.remove(conn)
        if not feed.conns:
            del self._feeds[topic]

    # ------------------------------------------------------------------ pushing

    def _round(self, force: bool = False) -> None:
        """One push round: faults, heartbeats, then every channel that is due (all when ``force``)."""
        assert self._loop is not None
        t = self._loop.time()
        self._apply_faults()
        self._heartbeats(t)
        state = self.state
        with state.lock:
            now = state.clock.now_ms()
            state.market.advance(now)
            settled(state, now)
            spot_settled(state, now)
            for feed in list(self._feeds.values()):
                frame = self._feed_frame(feed, now, t, force)
                if frame is not None:
                    self._broadcast(feed, frame)
            self._push_accounts(now)

    @staticmethod
    def _broadcast(feed: _Feed, payload: bytes) -> None:
        """Frame ``payload`` once; every subscriber gets the same bytes."""
        wire = wsout.frame(payload)
        for conn in feed.conns:
            conn.write(wire)

    def _feed_frame(self, feed: _Feed, now: int, t: float, force: bool) -> bytes | None:  # float ok
        market, symbol, channel, topic = self.state.market, feed.symbol, feed.channel, feed.topic
        if _trade_driven(channel):
            count = market.tape(symbol).count(now)
            if count <= feed.seen:
                return None
            first, feed.seen = feed.seen, count
            if channel == "trade":
                return frames.trades(market, topic, symbol, first, count)
            if channel == "lastPrice":
                return frames.last_price(market, topic, symbol, now)
            return frames.kline(market, topic, symbol, channel.removeprefix("kline_"), now)
        if feed.replay is not None:  # a replayed @incrDepth: every recorded message, when it was recorded
            if all(c.outbox.backlog() <= replay_ws.BACKLOG for c in feed.conns):
                for wire in feed.replay.pending(now, replay_ws.BURST):  # framed already
                    for conn in feed.conns:
                        conn.write(wire)
            return None
        if not force and t < feed.due:
            return None
        if channel == "incrDepth":
            return self._incr_frame(feed, now, t)
        feed.due = t + feed.period_ms / 1000
        if channel == "ticker":
            return frames.ticker(self.state, topic, symbol, now)
        if channel == "markPrice":
            return frames.mark_price(market, topic, symbol, now)
        if channel == "bookTicker":
            return frames.book_ticker(self.state, topic, symbol, now)
        level = int(channel.split("@")[0].removeprefix("depth"))
        return frames.depth(market.contracts[symbol], topic, *frames.book_sides(self.state, symbol, now, level), now)

    def _incr_frame(self, feed: _Feed, now: int, t: float) -> bytes | None:  # float ok: loop time
        """The next ``@incrDepth`` update when the book changed (with the id faults applied)."""
        symbol = feed.symbol
        book = frames.book_sides(self.state, symbol, now, INCR_LEVELS)
        if book == feed.book:
            return None
        feed.due = t + feed.period_ms / 1000
        skip = self.faults.take("skip_ids", symbol)
        update_id = self._update_ids[symbol] = self._update_ids[symbol] + 1 + (skip.gap if skip else 0)
        frame = frames.incr_update(self.state.market.contracts[symbol], feed.topic, feed.book, book, update_id, now)
        feed.book = book
        if feed.previous is not None and self.faults.take("stale", symbol) is not None:
            self._broadcast(feed, frame)
            frame, feed.previous = feed.previous, frame  # the stale frame right behind the current one
            return frame
        feed.previous = frame
        return frame

    def _apply_faults(self) -> None:
        for kind in CONNECTION_KINDS:
            for conn in self._conns:  # oldest first
                if kind in conn.faults:
                    continue
                if self.faults.take(kind) is None:
                    break
                conn.faults.add(kind)
                if kind == "drop":
                    conn.drop()

    def _heartbeats(self, t: float) -> None:  # float ok: loop time
        for conn in self._conns:
            if "no_ping" not in conn.faults and t - conn.last_ping >= self.ping_interval_s:
                conn.send(frames.PING)
                conn.last_ping = t
                if conn.unanswered_since is None:
                    conn.unanswered_since = t
            late = conn.unanswered_since is not None and t - conn.unanswered_since > self.pong_timeout_s
            if late and "silence" not in conn.faults:
                conn.unanswered_since = None
                conn.close()

    # ------------------------------------------------------------------ account stream

    def _on_event(self, event: Event) -> None:
        """Hub callback (any thread, under the state lock): hand account events to the loop."""
        loop = self._loop
        if loop is not None and (isinstance(event, PositionEvent | ConfigEvent) or (
                isinstance(event, OrderEvent) and event.market == "swap") or (
                isinstance(event, BalanceEvent) and event.account == PERP)):
            loop.call_soon_threadsafe(self._collect, event)

    def _collect(self, event: BalanceEvent | PositionEvent | OrderEvent | ConfigEvent) -> None:
        for conn in self._conns:
            account = conn.account
            if account is None or account.expired or account.uid != event.uid:
                continue
            if isinstance(event, BalanceEvent):
                account.balances.append(event)
            elif isinstance(event, PositionEvent):
                account.positions.append(event)
            elif isinstance(event, ConfigEvent):
                if event.symbol not in account.configs:
                    account.configs.append(event.symbol)
            else:
                account.orders.append(event)

    def _view(self) -> frames.AccountView:
        return frames.AccountView(self.state.ledger, self.state.book, self.state.market,
                                  trading(self.state).perp.margin_type)

    def _configs(self, conn: _Conn, account: _Account) -> None:
        clock = self.state.clock
        account.config_ms = clock.base_ms()
        for symbol in self.state.market.contracts:
            self._config(conn, account.uid, symbol, clock.now_ms())

    def _config(self, conn: _Conn, uid: str, symbol: str, now: int) -> None:
        """``ACCOUNT_CONFIG_UPDATE`` of ``symbol`` from the account's settings (not from its positions)."""
        perp = trading(self.state).perp
        conn.send(frames.account_config(symbol, perp.get_leverage(uid, symbol, "LONG"),
                                        perp.get_leverage(uid, symbol, "SHORT"), perp.get_margin_type(uid, symbol),
                                        now))

    def _push_accounts(self, now: int) -> None:
        base = self.state.clock.base_ms()
        for conn in self._conns:
            account = conn.account
            if account is None or account.expired:
                continue
            if self.state.listen_keys.lookup(account.key, base) is None:
                account.expired = True
                account.balances, account.positions, account.orders, account.configs = [], [], [], []
                conn.send(frames.listen_key_expired(account.key, now))
                continue
            for symbol in account.configs:  # "pushed when leverage or margin mode changes" (swap-ws-account)
                self._config(conn, account.uid, symbol, now)
            account.configs = []
            for order in account.orders:
                conn.send(frames.order_update(order, now))
            account.orders = []
            if account.balances or account.positions:
                conn.send(frames.account_update(self._view(), account.uid, account.balances, account.positions, now))
                account.balances, account.positions = [], []
            if base - account.config_ms >= self.config_interval_ms:
                self._configs(conn, account)
