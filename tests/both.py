"""Run one test body through the sync AND the async client of a venue."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from tradewire import AsyncBingX, BingX


class Both:
    """The same method surface for either client: coroutines run to completion on a private loop."""

    def __init__(self, client: Any, loop: asyncio.AbstractEventLoop | None) -> None:
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


#: a fixture that opens a `Both` for given credentials/options
Connect = Callable[..., Both]


def make_both(kind: str, **kw: Any) -> Iterator[Both]:
    """A BingX client of `kind` ("sync" or "async") wrapped in `Both`, closed afterwards."""
    if kind == "sync":
        with BingX(**kw) as c:
            yield Both(c, None)
        return
    loop = asyncio.new_event_loop()
    client = AsyncBingX(**kw)
    try:
        yield Both(client, loop)
    finally:
        loop.run_until_complete(client.close())
        loop.close()
