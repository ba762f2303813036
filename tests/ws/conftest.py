"""Fixtures for the websocket tests: a fake BingX server per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .fakews import FakeBingX


@pytest.fixture
async def server() -> AsyncIterator[FakeBingX]:
    srv = FakeBingX()
    await srv.start()
    yield srv
    await srv.stop()
