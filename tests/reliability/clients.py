"""A sync or async client of either venue on the simulator, wrapped in `Both`, with its closer."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from tests.both import Both
from tradewire import AsyncBingX, BingX
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.client import Binance
from tradewire.sim import Simulator


def open_client(venue: str, kind: str, sim: Simulator, secret: str | None = None,
                **options: Any) -> tuple[Both, Callable[[], None]]:
    """The first simulated user's client of `venue` ("bingx"/"binance"), `kind` "sync" or "async"."""
    user = sim.users[0]
    kw: dict[str, Any] = dict(rate_limits=False, **options)
    if venue == "bingx":
        kw["base_url"] = sim.bingx_url
        cls: Any = AsyncBingX if kind == "async" else BingX
    else:
        kw |= dict(base_url=sim.binance_url, futures_url=sim.binance_url, ws_url=sim.binance_ws_url)
        cls = AsyncBinance if kind == "async" else Binance
    client = cls(user.api_key, secret or user.secret_key, **kw)
    loop = asyncio.new_event_loop() if kind == "async" else None

    def close() -> None:
        result = client.close()
        if loop is not None:
            if inspect.isawaitable(result):
                loop.run_until_complete(result)
            loop.close()

    return Both(client, loop), close
