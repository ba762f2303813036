"""Run one test body through the sync AND the async BingX client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

from tradewire import AsyncBingX, BingX


class Both:
    """The same method surface for either client: async calls run to completion on a private loop."""

    def __init__(self, client: BingX | AsyncBingX, loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = loop
        self.kind = "async" if loop else "sync"

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.client, name)
        if self.loop is None or not callable(method):
            return method  # type: ignore[no-any-return]
        loop = self.loop
        return lambda *a, **kw: loop.run_until_complete(method(*a, **kw))


def make_both(kind: str, **kw: Any) -> Iterator[Both]:
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
