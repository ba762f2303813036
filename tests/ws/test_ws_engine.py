"""The websocket engine against a fake BingX server on 127.0.0.1, and its pure frame handling."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import random
import time
import types

import pytest

from tradewire.core import ws as ws_module
from tradewire.core.ws import (
    DEFAULT_LIMITS,
    Disconnected,
    Overflow,
    RateLimiter,
    Reconnected,
    ServerNotice,
    StreamError,
    StreamEvent,
    SubscriptionRefused,
    TopicDialect,
    WsEngine,
    backoff_delay,
    inflate,
)

from .fakews import BOUND_S, FAST, FakeBingX, gz, take, until

# --------------------------------------------------------------------------- pure parts


def test_inflate_gzip_and_plain() -> None:
    assert inflate(gzip.compress(b"Ping")) == b"Ping"
    assert inflate(b'{"a":1}') == b'{"a":1}'


def test_dialect_topic_heartbeat_and_frames() -> None:
    d = TopicDialect()
    assert d.topic_of(b'{"code":0,"dataType":"BTC-USDT@trade","data":[]}') == "BTC-USDT@trade"
    assert d.topic_of(b'{"id":"1","code":0,"msg":"","dataType":"","data":null}') == ""
    assert d.topic_of(b'{"e":"ACCOUNT_UPDATE"}') is None
    assert d.heartbeat_reply(b"Ping") == "Pong"
    assert d.heartbeat_reply(b"ping") == "Pong"
    assert d.heartbeat_reply(b'{"x":1}') is None
    assert d.sub_frame("7", "BTC-USDT@trade", True) == '{"id":"7","reqType":"sub","dataType":"BTC-USDT@trade"}'
    assert d.sub_frame("8", "BTC-USDT@trade", False) == '{"id":"8","reqType":"unsub","dataType":"BTC-USDT@trade"}'


def test_backoff_full_jitter_is_bounded() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(a, FAST, rng) for a in range(1, 50)]
    assert all(0 <= d <= FAST.backoff_max for d in delays)
    limits = dataclasses.replace(FAST, backoff_base=1.0, backoff_max=8.0)
    assert max(backoff_delay(2, limits, rng) for _ in range(200)) <= 4.0


async def test_routing_without_network() -> None:
    """Frame → route: acked topics get data, others do not; pings answered; JSON ping echoed."""
    engine = WsEngine("ws://127.0.0.1:9/unused", limits=FAST)
    conn = engine._new_connection(lambda: "ws://127.0.0.1:9/unused")
    await conn.close()  # no socket: drive `handle` directly
    sub = engine.subscribe("BTC-USDT@trade")
    state = conn.topics["BTC-USDT@trade"]
    frame = b'{"code":0,"dataType":"BTC-USDT@trade","data":[]}'
    assert conn.handle(frame) is None  # not acked yet: dropped
    state.active = True
    assert conn.handle(frame) is None
    assert conn.handle(b'{"code":0,"dataType":"ETH-USDT@trade","data":[]}') is None
    assert conn.handle(b"Ping") == "Pong"
    assert conn.handle(b'{"ping":"2177c6","time":"2022-06-07T16:27:36.323+0800"}') == (
        '{"pong":"2177c6","time":"2022-06-07T16:27:36.323+0800"}'
    )
    conn.handle(b'{"code":100400,"msg":"code:100400:incrDepth dataType is not supported","timestamp":1}')
    assert await take(sub, 2) == [frame, ServerNotice(100400, "code:100400:incrDepth dataType is not supported")]
    await engine.close()


async def test_queue_overflow_is_reported() -> None:
    engine = WsEngine("ws://127.0.0.1:9/unused", limits=FAST)
    conn = engine._new_connection(lambda: "ws://127.0.0.1:9/unused")
    await conn.close()
    sub = engine.subscribe("BTC-USDT@trade", queue_size=3)
    conn.topics["BTC-USDT@trade"].active = True
    frames = [b'{"dataType":"BTC-USDT@trade","n":%d}' % i for i in range(8)]
    for f in frames:
        conn.handle(f)
    got = await take(sub, 4)
    assert got == [*frames[:3], Overflow(5)]
    conn.handle(frames[0])
    assert await take(sub, 1) == [frames[0]]
    await engine.close()


async def test_rate_limiter_window(monkeypatch: pytest.MonkeyPatch) -> None:
    limiter = RateLimiter(4, 0.2)
    now = [100.0]  # a virtual clock: the limiter's waits advance it, so the stamps are exact on any machine

    async def sleep(seconds: float) -> None:  # float ok: seconds
        now[0] += seconds
        await asyncio.sleep(0)

    monkeypatch.setattr(ws_module, "time", types.SimpleNamespace(monotonic=lambda: now[0]))
    monkeypatch.setattr(ws_module, "asyncio", types.SimpleNamespace(sleep=sleep, Lock=asyncio.Lock))
    stamps = []
    for _ in range(10):
        await limiter.acquire()
        stamps.append(round(now[0] - 100.0, 9))
    assert stamps == [0.0] * 4 + [0.2] * 4 + [0.4] * 2
    assert all(sum(1 for s in stamps if t <= s < t + 0.2) <= 4 for t in stamps)


# --------------------------------------------------------------------------- against the server


async def test_gzip_ping_pong_ack_and_routing(server: FakeBingX) -> None:
    async with WsEngine(server.url, limits=FAST) as engine:
        trades = engine.subscribe("BTC-USDT@trade")
        ticker = engine.subscribe("BTC-USDT@ticker")
        await trades.wait_active()
        await ticker.wait_active()
        assert len(server.conns) == 1  # many topics share one socket
        conn = server.conns[0]
        await conn.ws.send_bytes(gz("Ping"))
        await conn.ws.send_str('{"ping":"abc","time":"t1"}')  # a text frame is taken as is
        await until(lambda: len(server.pongs) == 2)
        assert server.pongs == ["Pong", '{"pong":"abc","time":"t1"}']
        await server.push("BTC-USDT@trade", [{"p": "1"}])
        await server.push("BTC-USDT@ticker", {"c": "2"})
        (t,) = await take(trades, 1)
        (k,) = await take(ticker, 1)
        assert b'"p":"1"' in t and b'"c":"2"' in k
        ids = [req["id"] for _, _, req in server.requests]
        assert len(set(ids)) == 2


async def test_refused_topic_raises_with_code_and_leak_is_dropped(server: FakeBingX) -> None:
    server.refuse["BTC-USDT@depth7@200ms"] = (80015, "dataType not support")
    server.leak_refused = True
    async with WsEngine(server.url, limits=FAST) as engine:
        good = engine.subscribe("BTC-USDT@trade")
        await good.wait_active()
        bad = engine.subscribe("BTC-USDT@depth7@200ms")
        with pytest.raises(SubscriptionRefused) as info:
            await bad.wait_active()
        assert info.value.code == 80015 and info.value.venue == "bingx"
        assert "dataType not support" in str(info.value) and info.value.topic == "BTC-USDT@depth7@200ms"
        with pytest.raises(SubscriptionRefused):
            await asyncio.wait_for(bad.__anext__(), BOUND_S)
        await server.push("BTC-USDT@trade", [{"p": "3"}])
        assert b'"p":"3"' in (await take(good, 1))[0]  # the leaked frame never reached anyone


async def test_topic_over_limit_code_80403(server: FakeBingX) -> None:
    server.max_topics = 1  # the server is stricter than the client's limit: the refusal surfaces
    async with WsEngine(server.url, limits=FAST) as engine:
        await engine.subscribe("A-USDT@trade").wait_active()
        with pytest.raises(SubscriptionRefused) as info:
            await engine.subscribe("B-USDT@trade").wait_active()
        assert info.value.code == 80403


async def test_201st_topic_opens_a_second_socket(server: FakeBingX) -> None:
    async with WsEngine(server.url, limits=FAST) as engine:
        subs = [engine.subscribe(f"S{i}-USDT@trade") for i in range(201)]
        await asyncio.wait_for(asyncio.gather(*(s.wait_active() for s in subs)), BOUND_S)
        assert [len(c.topics) for c in server.conns] == [200, 1]
        assert len(engine.connections) == 2
        await server.push("S200-USDT@trade", [{"p": "9"}])
        assert b'"p":"9"' in (await take(subs[200], 1))[0]


async def test_subscription_pacing(server: FakeBingX, monkeypatch: pytest.MonkeyPatch) -> None:
    # The times the limiter granted each frame, not the times the server read them: on a loaded machine
    # frames sent 0.5 s apart can arrive together, which says nothing about the client's pacing.
    granted: list[float] = []  # float ok: seconds
    acquire = RateLimiter.acquire

    async def recording(self: RateLimiter) -> None:
        await acquire(self)
        granted.append(self._sent[-1])

    monkeypatch.setattr(RateLimiter, "acquire", recording)
    limits = dataclasses.replace(FAST, sub_frames=5, sub_period=0.5)
    async with WsEngine(server.url, limits=limits) as engine:
        subs = [engine.subscribe(f"P{i}-USDT@trade") for i in range(12)]
        await asyncio.wait_for(asyncio.gather(*(s.wait_active() for s in subs)), BOUND_S)
    assert len(granted) == 12 and server.subs() == [f"P{i}-USDT@trade" for i in range(12)]
    eps = 1e-6  # the event loop may wake a timer up to its clock resolution early
    assert granted[-1] - granted[0] >= 1.0 - eps  # 12 frames at 5 per 0.5 s need two waits
    assert all(sum(1 for s in granted if t <= s < t + 0.5 - eps) <= 5 for t in granted)


async def test_dropped_connection_reconnects_and_resubscribes(server: FakeBingX) -> None:
    async with WsEngine(server.url, limits=FAST) as engine:
        a, b = engine.subscribe("A-USDT@trade"), engine.subscribe("B-USDT@trade")
        await a.wait_active()
        await b.wait_active()
        await server.conns[0].ws.close()
        first = await take(a, 2)
        assert isinstance(first[0], Disconnected) and isinstance(first[1], Reconnected)
        got = await take(b, 2)
        assert isinstance(got[0], Disconnected) and isinstance(got[1], Reconnected)
        assert len(server.conns) == 2 and server.conns[1].topics == {"A-USDT@trade", "B-USDT@trade"}
        await server.push("B-USDT@trade", [{"p": "5"}])
        assert b'"p":"5"' in (await take(b, 1))[0]


async def test_silence_watchdog_reconnects(server: FakeBingX) -> None:
    limits = dataclasses.replace(FAST, silence=0.3)
    async with WsEngine(server.url, limits=limits) as engine:
        sub = engine.subscribe("A-USDT@trade")
        await sub.wait_active()
        started = time.monotonic()
        events = await take(sub, 2)
        assert events[0] == Disconnected("no frame for 0.3 s")
        assert isinstance(events[1], Reconnected) and time.monotonic() - started >= 0.25
        assert server.subs() == ["A-USDT@trade", "A-USDT@trade"]


async def test_connect_failure_is_visible() -> None:
    srv = FakeBingX()
    await srv.start()
    url = srv.url
    await srv.stop()  # nothing listens on the port now
    async with WsEngine(url, limits=FAST) as engine:
        sub = engine.subscribe("A-USDT@trade")
        (event,) = await take(sub, 1)
        assert isinstance(event, Disconnected) and "connect failed" in event.reason


async def test_unsubscribe_on_last_consumer_and_fan_out(server: FakeBingX) -> None:
    async with WsEngine(server.url, limits=FAST) as engine:
        one, two = engine.subscribe("A-USDT@trade"), engine.subscribe("A-USDT@trade")
        await one.wait_active()
        await server.push("A-USDT@trade", [{"p": "1"}])
        assert (await take(one, 1))[0] == (await take(two, 1))[0]
        await one.close()
        assert server.subs("unsub") == []
        await two.close()
        assert server.subs("unsub") == ["A-USDT@trade"]
        with pytest.raises(StopAsyncIteration):
            await two.__anext__()


async def test_markers_are_stream_events() -> None:
    assert all(issubclass(c, StreamEvent) for c in (Disconnected, Reconnected, Overflow, ServerNotice))


def test_default_limits_are_the_venue_limits() -> None:
    assert (DEFAULT_LIMITS.topics_per_socket, DEFAULT_LIMITS.sockets) == (200, 60)
    assert (DEFAULT_LIMITS.sub_frames, DEFAULT_LIMITS.sub_period, DEFAULT_LIMITS.silence) == (10, 1.0, 15.0)


async def test_socket_limit_raises_before_connecting(server: FakeBingX) -> None:
    limits = dataclasses.replace(FAST, sockets=1, topics_per_socket=1)
    async with WsEngine(server.url, limits=limits) as engine:
        await engine.subscribe("A-USDT@trade").wait_active()
        with pytest.raises(StreamError, match="socket limit"):
            engine.subscribe("B-USDT@trade")
        assert len(server.conns) == 1
