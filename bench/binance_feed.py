"""A Binance-speaking loopback server for the benches: combined-stream depth diffs or trades, and REST depth.

``/stream?streams=btcusdt@depth@100ms`` sends ``n`` diff events of 20+20 levels (update ids FIRST_ID ..
FIRST_ID + n - 1, each continuing the previous one); ``/stream?streams=btcusdt@trade`` sends ``n`` trades (ids
FIRST_ID ..); ``/api/v3/depth`` answers a 20+20-level snapshot at lastUpdateId FIRST_ID - 1. Frames are made once
and sent as fast as the socket takes them; 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from multiprocessing.connection import Connection

SYMBOL = "BTCUSDT"
DEPTH = "btcusdt@depth@100ms"
TRADE = "btcusdt@trade"
FIRST_ID = 1_000_000


def _levels(rng: random.Random, sign: int, spread: int) -> list[list[str]]:
    mid = 1_217_000
    start = mid - 1 if sign > 0 else mid
    prices = sorted({start - sign * rng.randint(0, spread) for _ in range(20)}, reverse=sign > 0)
    return [[f"{p / 10:.2f}", f"{rng.randint(0, 999_999) / 100_000:.8f}"] for p in prices]


def snapshot(seed: int = 7) -> bytes:
    """The REST depth answer."""
    rng = random.Random(seed)
    return json.dumps({"lastUpdateId": FIRST_ID - 1, "bids": _levels(rng, 1, 1000),
                       "asks": _levels(rng, -1, 1000)}, separators=(",", ":")).encode()


def depth_frames(n: int, seed: int = 11) -> list[str]:
    """``n`` combined-stream diff events, each continuing the previous (U = u = its id)."""
    rng = random.Random(seed)
    frames = []
    for i in range(n):
        uid = FIRST_ID + i
        data = {"e": "depthUpdate", "E": 1_700_000_000_000 + i, "s": SYMBOL, "U": uid, "u": uid,
                "b": _levels(rng, 1, 60), "a": _levels(rng, -1, 60)}
        frames.append(json.dumps({"stream": DEPTH, "data": data}, separators=(",", ":")))
    return frames


def trade_frames(n: int, seed: int = 13) -> list[str]:
    """``n`` combined-stream trades, ids FIRST_ID .. FIRST_ID + n - 1."""
    rng = random.Random(seed)
    frames = []
    for i in range(n):
        data = {"e": "trade", "E": 1_700_000_000_000 + i, "s": SYMBOL, "t": FIRST_ID + i,
                "p": f"{rng.randint(1_216_000, 1_218_000) / 10:.2f}", "q": f"{rng.randint(1, 99_999) / 100_000:.8f}",
                "T": 1_700_000_000_000 + i, "m": rng.random() < 0.5, "M": True}
        frames.append(json.dumps({"stream": TRADE, "data": data}, separators=(",", ":")))
    return frames


def serve(pipe: Connection, n: int) -> None:
    """Run the server until the parent closes the pipe (sends the port first)."""
    from aiohttp import web

    made = {DEPTH: depth_frames(n), TRADE: trade_frames(n)}
    snap = snapshot()

    async def stream(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        for frame in made.get(request.query.get("streams", ""), []):
            await ws.send_str(frame)
        async for _ in ws:  # until the client closes
            pass
        return ws

    async def depth(request: web.Request) -> web.Response:
        return web.Response(body=snap, content_type="application/json")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/stream", stream)
        app.router.add_get("/api/v3/depth", depth)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        pipe.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await asyncio.get_running_loop().run_in_executor(None, pipe.recv_bytes)  # EOFError when the parent closes
        await runner.cleanup()

    with contextlib.suppress(EOFError):
        asyncio.run(main())
