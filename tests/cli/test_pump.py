"""`pump` ends quietly when its own --seconds run out, and never swallows a timeout raised inside the stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from types import SimpleNamespace
from typing import Any

import pytest

from tradewire.cli.stream import View, pump


def quiet_session() -> Any:
    return SimpleNamespace(out=SimpleNamespace(for_people=False))


async def test_a_timeout_inside_the_stream_is_raised() -> None:
    async def feed() -> AsyncGenerator[Any, None]:
        raise TimeoutError("the socket gave up")
        yield  # pragma: no cover - makes this a generator

    with pytest.raises(TimeoutError, match="the socket gave up"):
        await pump(quiet_session(), feed(), View("trades", "t", True), None, 30)


async def test_the_seconds_limit_ends_the_stream_quietly() -> None:
    async def feed() -> AsyncGenerator[Any, None]:
        await asyncio.Event().wait()  # nothing ever arrives
        yield  # pragma: no cover

    assert await pump(quiet_session(), feed(), View("trades", "t", True), None, 0.05) == 0
