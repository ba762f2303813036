"""Run the simulated Binance on 127.0.0.1 in a background thread (tests, benchmarks, interop)."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from aiohttp import web

from tradewire.sim.binance import fapi_ws, fstreams, rest, streams, wsapi
from tradewire.sim.binance.exchange import BinanceExchange
from tradewire.sim.clock import SimClock


def build_app(ex: BinanceExchange, app: web.Application | None = None) -> tuple[
        web.Application, rest.RestFront, streams.StreamFront, wsapi.WsApiFront]:
    """Binance REST, websocket streams and WebSocket API routes on `app` (a new one when None); the futures
    streams (`/fstream`) hang off the spot front's flushes and are reached as `front.futures`."""
    app = app if app is not None else web.Application()
    rest_front, spot = rest.install(app, ex), streams.install(app, ex)
    spot.futures = fstreams.install(app, ex, spot)
    return app, rest_front, spot, wsapi.install(app, ex, rest_front, spot)


class BinanceSim:
    """`with BinanceSim() as sim: Binance(base_url=sim.url)`; `sim.ws_url` serves the streams, `sim.ws_api_url`
    the WebSocket API, `sim.fws_api_url` the futures one."""

    def __init__(self, seed: int = 1, clock: SimClock | None = None, port: int = 0,
                 exchange: BinanceExchange | None = None) -> None:
        """`exchange`: a restored one to serve (a new one from `seed` and `clock` when None)."""
        self.exchange = exchange if exchange is not None else BinanceExchange(seed, clock)
        self.port = port
        self.app, self.rest, self.streams, self.wsapi = build_app(self.exchange)
        self.fwsapi = fapi_ws.install(self.app, self.exchange, self.rest)
        self.url = ""
        self.ws_url = ""
        self.fws_url = ""  # the futures streams (fstream.binance.com's /ws and /stream)
        self.ws_api_url = ""
        self.fws_api_url = ""  # the futures WebSocket API (ws-fapi.binance.com/ws-fapi/v1)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None

    def start(self) -> BinanceSim:
        """Start serving on `port` (a free one when 0)."""
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)  # as the BingX side: no request lines
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"
        self.fws_url = f"ws://127.0.0.1:{port}/fstream"
        self.ws_api_url = f"ws://127.0.0.1:{port}{wsapi.PATH}"
        self.fws_api_url = f"ws://127.0.0.1:{port}{fapi_ws.PATH}"
        self.streams.start()

    def stop(self) -> None:
        """Stop serving and end the thread."""
        async def _stop() -> None:
            await self.streams.stop()
            await self.wsapi.stop()
            await self.fwsapi.stop()
            if self._runner is not None:
                await self._runner.cleanup()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(_stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)

    def run(self, fn: object) -> None:
        """Run a callable on the simulator's loop thread (under its lock)."""
        assert callable(fn)
        done = threading.Event()

        def call() -> None:
            with self.exchange.lock:
                fn()
            done.set()

        self.loop.call_soon_threadsafe(call)
        done.wait(10)

    def __enter__(self) -> BinanceSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
