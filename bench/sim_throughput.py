"""The simulator's throughput (issue 16), beside a bare aiohttp server doing the minimum equivalent work.

Two servers run in child processes, each with the simulator's figures measured against the same load:

- `sim`: a `Simulator` (BingX REST and websocket, its Binance side), limits that never refuse (BingX
  `rate_limits=False`; Binance weights still counted, against a limit of 10^9), recording and fault lookup on;
- `bare`: a plain aiohttp app answering the same paths with bodies of the same sizes (sampled from the
  simulator in this run): signed paths check the HMAC-SHA256 of the query, websocket pushes gzip each BingX
  frame (level 5, once per topic per round; Binance frames are plain text) and send the same bytes to every
  subscriber. It encodes no JSON: its frames are the sampled payloads with a counter appended.

The load generator is this process: raw asyncio sockets (HTTP/1.1 keep-alive, `--conns` connections with one
request in flight each; websocket clients that offer permessage-deflate as aiohttp's client does and count
frames without decoding them). With 2 cores or more, servers and generator are pinned to different cores
(`os.sched_setaffinity`) and the output says so. Figures:

- REST: requests per second, `--conns` callers (BingX signed GET of the swap balance, BingX public depth GET,
  Binance signed GET of the spot account);
- websocket: frames per second received by `--subs` subscribers while the server pushes as fast as they take
  them (BingX `@depth20@200ms` and `@trade` of two contracts, pushed by `step()` rounds that each move the clock
  200 ms, the depth topic's interval, so the tape prints and the house re-quotes its 200 levels once every 50
  rounds, as at speed 1, instead of on every round; Binance
  `@depth20@100ms`, `@trade`, `@bookTicker` of two symbols, pushed by flush rounds).

Each figure is measured in `--pairs` pairs of `--seconds` blocks, sim and bare back to back (order alternating);
the ratio is the median of the paired ratios sim/bare. Every block is bounded in time and in requests/rounds.
Run: `python bench/sim_throughput.py [--seconds 2] [--pairs 3] [--conns 16] [--subs 20] [--only BingX]`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import gzip
import hashlib
import hmac
import multiprocessing as mp
import os
import re
import statistics
import struct
import sys
import threading
import time
import zlib
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from loopback import free_port
from tradewire.sim.tape import SPACING_MS

DEPTH_MS = 200  # the push interval of the BingX depth topics measured
BX_TOPICS = ("BTC-USDT@depth20@200ms", "ETH-USDT@depth20@200ms", "BTC-USDT@trade", "ETH-USDT@trade")
BN_STREAMS = ("btcusdt@depth20@100ms", "ethusdt@depth20@100ms", "btcusdt@trade", "ethusdt@trade",
              "btcusdt@bookTicker", "ethusdt@bookTicker")
BX_BALANCE = "/openApi/swap/v3/user/balance"
BX_DEPTH = "/openApi/swap/v2/quote/depth?symbol=BTC-USDT&limit=20"
BN_ACCOUNT = "/api/v3/account"
BX_TIME, BN_TIME = "/openApi/swap/v2/server/time", "/api/v3/time"
MAX_REQUESTS = 2_000_000  # per block, beside the time bound
MAX_ROUNDS = 1_000_000  # push rounds per block
BACKLOG = 256 * 1024  # the Binance pump waits while a subscriber has more bytes than this unread
_LENGTH = re.compile(rb"content-length: *(\d+)", re.I)


# --- the servers (child processes) -------------------------------------------------------------------------

def _pin(core: int | None) -> None:
    if core is not None:
        os.sched_setaffinity(0, {core})


def _serve_sim(pipe: Connection, core: int | None) -> None:
    """The simulator; answers `("pump", venue, seconds)` by pushing rounds until then, `("stop",)` by ending."""
    _pin(core)
    from tradewire.sim import Simulator

    sim = Simulator(rate_limits=False).start()
    binance = sim.binance
    binance.rest.weight_limit = 10**9
    binance.streams.flush_ms = 3_600_000  # rounds come from the pump only
    user = sim.users[0]
    pipe.send({"bingx": sim.bingx_url, "binance": binance.url, "key": user.api_key, "secret": user.secret_key})
    while (cmd := pipe.recv())[0] == "pump":
        _, venue, seconds = cmd
        rounds = 0
        end = time.monotonic() + seconds
        if venue == "bingx":
            while time.monotonic() < end and rounds < MAX_ROUNDS:
                sim.bingx_ws.step(10, ms=DEPTH_MS)  # the topic's cadence: a tape print every 50 rounds
                rounds += 10
        else:
            future = asyncio.run_coroutine_threadsafe(_pump_binance(binance, end), binance.loop)
            rounds = future.result(seconds + 30)
        pipe.send(rounds)
    sim.stop()


async def _pump_binance(binance: Any, end: float) -> int:  # float ok: monotonic seconds
    """Tape steps (the clock moves one print) and flushes on the Binance loop, waiting while a subscriber lags."""
    ex, front = binance.exchange, binance.streams
    rounds = 0
    while time.monotonic() < end and rounds < MAX_ROUNDS:
        with ex.lock:
            ex.clock.advance(SPACING_MS)
            ex.catch_up(ex.clock.now_ms())
            front.flush()
        rounds += 1
        while front.backlog() > BACKLOG and time.monotonic() < end:
            await asyncio.sleep(0.0005)
        await asyncio.sleep(0)
    return rounds


def _serve_bare(pipe: Connection, core: int | None, port: int, samples: dict[str, bytes], secret: str) -> None:
    """The bare server: same paths, same body sizes, HMAC checks, gzip once per topic, same bytes to all."""
    _pin(core)
    from aiohttp import WSMsgType, web

    secret_b = secret.encode()
    bx_subs: list[web.WebSocketResponse] = []
    bn_subs: list[web.WebSocketResponse] = []

    def signed(request: web.Request, body: bytes) -> web.Response:
        query = request.rel_url.raw_query_string
        message, _, signature = query.rpartition("&signature=")
        if not hmac.compare_digest(hmac.new(secret_b, message.encode(), hashlib.sha256).hexdigest(), signature):
            return web.Response(status=400, body=b'{"code":100001}', content_type="application/json")
        return web.Response(body=body, content_type="application/json")

    async def bx_balance(request: web.Request) -> web.Response:
        return signed(request, samples["bx_balance"])

    async def bn_account(request: web.Request) -> web.Response:
        return signed(request, samples["bn_account"])

    async def bx_depth(request: web.Request) -> web.Response:
        _ = request.query["symbol"], request.query["limit"]
        return web.Response(body=samples["bx_depth"], content_type="application/json")

    async def bx_ws(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        bx_subs.append(ws)
        async for msg in ws:
            if msg.type is WSMsgType.TEXT:
                await ws.send_bytes(gzip.compress(samples["bx_ack"], 5, mtime=0))
        bx_subs.remove(ws)
        return ws

    async def bn_ws(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        bn_subs.append(ws)
        async for _msg in ws:
            pass
        bn_subs.remove(ws)
        return ws

    async def pump(venue: str, end: float) -> int:  # float ok: monotonic seconds
        subs, keys = (bx_subs, BX_TOPICS) if venue == "bingx" else (bn_subs, BN_STREAMS)
        rounds = 0
        while time.monotonic() < end and rounds < MAX_ROUNDS:
            for topic in keys:
                payload = samples[f"{venue}:{topic}"][:-1] + b',"n":%d}' % rounds
                if venue == "bingx":
                    frame = gzip.compress(payload, 5, mtime=0)
                    for ws in list(subs):
                        await ws.send_bytes(frame)
                else:
                    text = payload.decode()
                    for ws in list(subs):
                        await ws.send_str(text)
            rounds += 1
            await asyncio.sleep(0)
        return rounds

    app = web.Application()
    app.router.add_get(BX_BALANCE, bx_balance)
    app.router.add_get(BX_DEPTH.split("?")[0], bx_depth)
    app.router.add_get(BN_ACCOUNT, bn_account)
    app.router.add_get("/swap-market", bx_ws)
    app.router.add_get("/stream", bn_ws)

    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    threading.Thread(target=loop.run_forever, daemon=True).start()
    pipe.send({"bingx": f"http://127.0.0.1:{port}", "binance": f"http://127.0.0.1:{port}"})
    while (cmd := pipe.recv())[0] == "pump":
        _, venue, seconds = cmd
        pipe.send(asyncio.run_coroutine_threadsafe(pump(venue, time.monotonic() + seconds), loop).result(seconds + 30))
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)


# --- the load generator: raw sockets ------------------------------------------------------------------------

class _Http(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection with one request in flight; `done` resolves with (status, body)."""

    def __init__(self) -> None:
        self.buf = b""
        self.transport: asyncio.Transport | None = None
        self.done: asyncio.Future[tuple[int, bytes]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        head_end = self.buf.find(b"\r\n\r\n")
        if head_end < 0:
            return
        m = _LENGTH.search(self.buf, 0, head_end)
        size = int(m.group(1)) if m else 0
        if len(self.buf) < head_end + 4 + size:
            return
        status = int(self.buf[9:12])
        body = self.buf[head_end + 4:head_end + 4 + size]
        self.buf = self.buf[head_end + 4 + size:]
        if self.done is not None and not self.done.done():
            self.done.set_result((status, body))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.done is not None and not self.done.done():
            self.done.set_exception(ConnectionError("closed"))

    async def call(self, request: bytes) -> tuple[int, bytes]:
        self.done = asyncio.get_running_loop().create_future()
        assert self.transport is not None
        self.transport.write(request)
        return await self.done


def _request(base: str, target: str, headers: dict[str, str]) -> Callable[[], bytes]:
    host = base.removeprefix("http://")
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return lambda: f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{head}\r\n".encode()


def _signed(base: str, path: str, key_header: str, key: str, secret: str, offset_ms: int) -> Callable[[], bytes]:
    """Signed GETs of `path` stamped with the server's time (local time + `offset_ms`: pushes move its clock)."""
    host = base.removeprefix("http://")
    head = f"GET {path}?".encode()
    tail_b = f" HTTP/1.1\r\nHost: {host}\r\n{key_header}: {key}\r\n\r\n".encode()
    secret_b = secret.encode()

    def build() -> bytes:
        q = b"timestamp=%d" % (time.time_ns() // 1_000_000 + offset_ms)
        return head + q + b"&signature=" + hmac.new(secret_b, q, hashlib.sha256).hexdigest().encode() + tail_b

    return build


async def _offset_ms(base: str, target: str) -> int:
    """Server time less local time, in ms (0 when the server does not say)."""
    host, port = base.removeprefix("http://").split(":")
    _, p = await asyncio.get_running_loop().create_connection(_Http, host, int(port))
    _, body = await p.call(_request(base, target, {})())
    assert p.transport is not None
    p.transport.close()
    m = re.search(rb'"(?:serverTime)":(\d+)', body)
    return int(m.group(1)) - time.time_ns() // 1_000_000 if m else 0


async def _rest_rate(base: str, build: Callable[[], bytes], conns: int, seconds: float,
                     cpu: Callable[[], float]) -> tuple[float, float, bytes]:  # float ok: rates, seconds
    """Requests per second over `seconds` with `conns` connections, the server's CPU µs per request (`cpu()`: its
    CPU seconds so far), and the first answer that was not 200."""
    host, port = base.removeprefix("http://").split(":")
    loop = asyncio.get_running_loop()
    protos = [(await loop.create_connection(_Http, host, int(port)))[1] for _ in range(conns)]
    bad = b""
    count = 0
    end = time.monotonic() + seconds

    async def worker(p: _Http) -> None:
        nonlocal bad, count
        while time.monotonic() < end and count < MAX_REQUESTS:
            status, body = await p.call(build())
            count += 1
            if status != 200 and not bad:
                bad = b"HTTP %d %s" % (status, body[:200])

    for p in protos:  # warm: one call each
        await p.call(build())
    c0, t0 = cpu(), time.monotonic()
    end = t0 + seconds
    await asyncio.wait_for(asyncio.gather(*(worker(p) for p in protos)), seconds + 60)
    elapsed, used = time.monotonic() - t0, cpu() - c0
    for p in protos:
        assert p.transport is not None
        p.transport.close()
    return count / elapsed, used / count * 1e6, bad


class _Ws(asyncio.Protocol):
    """A websocket client that counts data frames (offers permessage-deflate like aiohttp's client)."""

    def __init__(self, path: str, host: str) -> None:
        self.path, self.host = path, host
        self.buf = bytearray()
        self.upgraded = asyncio.get_event_loop().create_future()
        self.frames = 0
        self.first: dict[int, bytes] = {}  # opcode -> a payload, for sampling
        self.samples: list[bytes] = []
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(f"GET {self.path} HTTP/1.1\r\nHost: {self.host}\r\nUpgrade: websocket\r\n"
                        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n".encode())

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if not self.upgraded.done():
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            self.upgraded.set_result(bytes(self.buf[:end]))
            del self.buf[:end + 4]
        buf, pos, n = self.buf, 0, len(self.buf)
        while n - pos >= 2:
            size = buf[pos + 1] & 0x7F
            head = 2
            if size == 126:
                if n - pos < 4:
                    break
                size, head = struct.unpack_from("!H", buf, pos + 2)[0], 4
            elif size == 127:
                if n - pos < 10:
                    break
                size, head = struct.unpack_from("!Q", buf, pos + 2)[0], 10
            if n - pos < head + size:
                break
            if len(self.samples) < 64:
                self.samples.append(bytes(buf[pos:pos + head + size]))
            self.frames += 1
            pos += head + size
        del buf[:pos]

    def send_text(self, text: str) -> None:
        payload = text.encode()
        assert self.transport is not None and len(payload) < 126
        self.transport.write(bytes([0x81, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)  # zero mask key


async def _ws_clients(base: str, path: str, subs: int) -> list[_Ws]:
    host, port = base.removeprefix("http://").split(":")
    loop = asyncio.get_running_loop()
    clients = []
    for _ in range(subs):
        _, c = await loop.create_connection(lambda: _Ws(path, f"{host}:{port}"), host, int(port))
        head = await asyncio.wait_for(c.upgraded, 10)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"no websocket upgrade at {path}: {head[:80]!r}")
        clients.append(c)
    return clients


def _payloads(frames: list[bytes]) -> list[bytes]:
    """The payloads of one socket's server frames in order: inflated (permessage-deflate keeps one context per
    socket) and gunzipped when gzip."""
    inflater = zlib.decompressobj(-15)
    out = []
    for frame in frames:
        size = frame[1] & 0x7F
        data = frame[2 if size < 126 else 4 if size == 126 else 10:]
        if frame[0] & 0x40:  # RSV1: permessage-deflate
            data = inflater.decompress(data + b"\x00\x00\xff\xff")
        out.append(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
    return out


# --- one run ------------------------------------------------------------------------------------------------

class Server:
    """A server process and its command pipe."""

    def __init__(self, target: Callable[..., None], *args: object) -> None:
        self.pipe, child = mp.get_context("spawn").Pipe()
        self.proc = mp.get_context("spawn").Process(target=target, args=(child, *args), daemon=True)
        self.proc.start()
        deadline = time.monotonic() + 60
        while not self.pipe.poll(0.1):
            if not self.proc.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("server did not start")
        self.urls: dict[str, str] = self.pipe.recv()

    def pump(self, venue: str, seconds: float) -> None:  # float ok: seconds
        self.pipe.send(("pump", venue, seconds))

    def pumped(self, seconds: float) -> int:  # float ok: seconds
        if not self.pipe.poll(seconds + 60):
            raise RuntimeError("pump did not finish")
        return int(self.pipe.recv())

    def cpu_s(self) -> float:  # float ok: seconds
        """CPU seconds the server process has used (user + system; Linux /proc, else 0)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.pipe.send(("stop",))
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.terminate()


Blocks = dict[str, dict[str, list[float]]]  # float ok: figure -> side -> rate per block


async def _ws_rate(server: Server, venue: str, subs: int, seconds: float) -> tuple[float, float]:  # float ok
    """Frames per second the subscribers receive while `server` pushes for `seconds`, and its CPU µs per frame."""
    base = server.urls[venue]
    if venue == "bingx":
        clients = await _ws_clients(base, "/swap-market", subs)
        for c in clients:
            for n, topic in enumerate(BX_TOPICS):
                c.send_text(f'{{"id":"{n}","reqType":"sub","dataType":"{topic}"}}')
    else:
        clients = await _ws_clients(base, "/stream?streams=" + "/".join(BN_STREAMS), subs)
    await asyncio.sleep(0.3)  # acks in
    before = sum(c.frames for c in clients)
    c0, t0 = server.cpu_s(), time.monotonic()
    server.pump(venue, seconds)
    await asyncio.to_thread(server.pumped, seconds)
    elapsed, used = time.monotonic() - t0, server.cpu_s() - c0
    received = sum(c.frames for c in clients) - before
    for c in clients:
        assert c.transport is not None
        c.transport.close()
    return received / elapsed, used / max(1, received) * 1e6


async def _sample(sim: Server, secret: str, key: str) -> dict[str, bytes]:
    """One body per REST path and one payload per websocket topic, from the simulator."""
    out: dict[str, bytes] = {}
    bx, bn = sim.urls["bingx"], sim.urls["binance"]
    for name, base, build in (
            ("bx_balance", bx, _signed(bx, BX_BALANCE, "X-BX-APIKEY", key, secret, 0)),
            ("bx_depth", bx, _request(bx, BX_DEPTH, {})),
            ("bn_account", bn, _signed(bn, BN_ACCOUNT, "X-MBX-APIKEY", key, secret, 0))):
        host, port = base.removeprefix("http://").split(":")
        _, p = await asyncio.get_running_loop().create_connection(_Http, host, int(port))
        status, out[name] = await p.call(build())
        assert p.transport is not None
        p.transport.close()
        if status != 200:
            raise RuntimeError(f"{name}: HTTP {status} {out[name][:200]!r}")
    clients = await _ws_clients(bx, "/swap-market", 1)
    for n, topic in enumerate(BX_TOPICS):
        clients[0].send_text(f'{{"id":"{n}","reqType":"sub","dataType":"{topic}"}}')
    await asyncio.sleep(0.3)
    out["bx_ack"] = _payloads(clients[0].samples[:1])[0]
    sim.pump("bingx", 0.3)
    await asyncio.to_thread(sim.pumped, 0.3)
    bn_clients = await _ws_clients(bn, "/stream?streams=" + "/".join(BN_STREAMS), 1)
    sim.pump("binance", 0.3)
    await asyncio.to_thread(sim.pumped, 0.3)
    for c, venue, names in ((clients[0], "bingx", BX_TOPICS), (bn_clients[0], "binance", BN_STREAMS)):
        for payload in _payloads(c.samples):
            for name in names:
                if f'"{name}"'.encode() in payload and f"{venue}:{name}" not in out:
                    out[f"{venue}:{name}"] = payload
        assert c.transport is not None
        c.transport.close()
    missing = [f"{v}:{n}" for v, ns in (("bingx", BX_TOPICS), ("binance", BN_STREAMS)) for n in ns
               if f"{v}:{n}" not in out]
    if missing:
        raise RuntimeError(f"no sample frame of {missing}")
    return out


async def measure(sim: Server, bare: Server, key: str, secret: str, args: argparse.Namespace) -> Blocks:
    """Every REST pair first, then every websocket pair: the pushes jump the simulator's clock and grow its
    markets, which must not weigh on the REST figures."""
    out: Blocks = {}

    def put(figure: str, side: str, rate: float, cpu: float) -> None:  # float ok: rates, µs
        out.setdefault(figure, {}).setdefault(side, []).append(rate)
        out[figure].setdefault(f"{side} cpu", []).append(cpu)

    sides = [("sim", sim), ("bare", bare)]
    for kind in ("rest", "ws"):
        for i in range(args.pairs):
            for side, server in sides if i % 2 == 0 else sides[::-1]:
                if kind == "ws":
                    for figure, venue in (("BingX ws frames", "bingx"), ("Binance ws frames", "binance")):
                        if args.only in figure:
                            put(figure, side, *await _ws_rate(server, venue, args.subs, args.seconds))
                    continue
                bx, bn = server.urls["bingx"], server.urls["binance"]
                bx_off, bn_off = await _offset_ms(bx, BX_TIME), await _offset_ms(bn, BN_TIME)
                rests = {
                    "BingX signed GET balance": _signed(bx, BX_BALANCE, "X-BX-APIKEY", key, secret, bx_off),
                    "BingX public GET depth": _request(bx, BX_DEPTH, {}),
                    "Binance signed GET account": _signed(bn, BN_ACCOUNT, "X-MBX-APIKEY", key, secret, bn_off),
                }
                for figure, build in rests.items():
                    if args.only not in figure:
                        continue
                    rate, cpu, bad = await _rest_rate(bx if "BingX" in figure else bn, build, args.conns,
                                                      args.seconds, server.cpu_s)
                    if bad:
                        raise RuntimeError(f"{side} {figure}: {bad!r}")
                    put(figure, side, rate, cpu)
    return out


GOALS = {"BingX ws frames": 20_000, "Binance ws frames": 20_000, "BingX signed GET balance": 5_000,
         "BingX public GET depth": 5_000, "Binance signed GET account": 5_000}


def report(blocks: Blocks, args: argparse.Namespace, pinning: str) -> None:
    print(f"{pinning}; {args.pairs} pairs of {args.seconds:g} s blocks per figure; REST: {args.conns} connections, "
          f"one request in flight each; ws: {args.subs} subscribers")
    print("sim / bare: median of the blocks (per second); ratio: median of the paired ratios sim/bare; "
          "cpu: the server process's CPU µs per request or frame (median of the blocks; user + system)")
    print(f"{'figure':<28}{'unit':>9}{'sim':>9}{'bare':>9}{'ratio':>8}{'cpu sim':>9}{'cpu bare':>9}  goal (sim)")
    for figure, sides in blocks.items():
        s, b = sides["sim"], sides["bare"]
        ratio = statistics.median(x / y for x, y in zip(s, b, strict=True))
        unit = "frames/s" if "ws" in figure else "req/s"
        goal = GOALS[figure]
        verdict = "met" if statistics.median(s) >= goal else "MISSED"
        print(f"{figure:<28}{unit:>9}{statistics.median(s):>9.0f}{statistics.median(b):>9.0f}{ratio:>7.3f}x"
              f"{statistics.median(sides['sim cpu']):>9.1f}{statistics.median(sides['bare cpu']):>9.1f}"
              f"  >= {goal} {verdict}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--conns", type=int, default=16)
    ap.add_argument("--subs", type=int, default=20)
    ap.add_argument("--only", default="", help="only the figures whose name contains this")
    args = ap.parse_args()
    if not 0.2 <= args.seconds <= 60 or not 1 <= args.pairs <= 20 or not 1 <= args.conns <= 256 or \
            not 1 <= args.subs <= 500:
        ap.error("need 0.2 <= --seconds <= 60, 1 <= --pairs <= 20, 1 <= --conns <= 256, 1 <= --subs <= 500")
    cores = sorted(os.sched_getaffinity(0))
    server_core, load_core = (cores[0], cores[1]) if len(cores) >= 2 else (None, None)
    pinning = (f"servers pinned to core {server_core}, load generator to core {load_core}" if server_core is not None
               else "one core available: servers and load generator share it (not pinned)")
    sim = Server(_serve_sim, server_core)
    bare: Server | None = None
    try:
        if load_core is not None:
            os.sched_setaffinity(0, {load_core})
        from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY
        key, secret = DEMO_API_KEY, DEMO_SECRET_KEY
        samples = asyncio.run(_sample(sim, secret, key))
        bare = Server(_serve_bare, server_core, free_port(), samples, secret)
        blocks = asyncio.run(measure(sim, bare, key, secret, args))
    finally:
        sim.stop()
        if bare is not None:
            bare.stop()
    report(blocks, args, pinning)


if __name__ == "__main__":
    main()
