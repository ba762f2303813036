"""Run one test body through the sync AND the async Binance client (the pattern of tests/both.py)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.client import Binance


class Both:
    """The same method surface for either client: coroutines run to completion on a private loop."""

    def __init__(self, client: Binance | AsyncBinance, loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = loop
        self.kind = "async" if loop else "sync"

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.client, name)
        loop = self.loop
        if loop is None or not callable(attr):
            return attr

        def call(*a: Any, **kw: Any) -> Any:
            result = attr(*a, **kw)
            return loop.run_until_complete(result) if inspect.isawaitable(result) else result

        return call


Connect = Callable[..., Both]
