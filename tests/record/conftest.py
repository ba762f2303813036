"""Fixtures for the recorder tests: a BingX simulator with a paused clock, and bounded waits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import pytest

from tradewire.sim import Simulator

BOUND_S = 60.0  # float ok: seconds; bounds a hang, never paces a test


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as simulator:
        yield simulator


async def until(cond: Callable[[], bool], what: str = "condition", bound: float = BOUND_S) -> None:  # float ok
    """Wait until ``cond()`` holds, polling, bounded by ``bound`` seconds."""
    deadline = time.monotonic() + bound
    while not cond():
        assert time.monotonic() < deadline, f"{what} not met in {bound} s"
        await asyncio.sleep(0.01)
