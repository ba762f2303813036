"""Fixtures: a simulator per test, and a raw websocket client that checks every frame is gzip binary."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import aiohttp
import pytest

from tradewire.sim import Simulator

TIMEOUT = 30.0  # float ok: seconds; bounds a hang: every wait here ends on the frame it waits for


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as simulator:
        yield simulator


class RawWs:
    """One socket; ``recv`` returns the decompressed frame: ``"Ping"`` or the decoded JSON."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self._ids = 0

    async def recv(self, timeout: float = TIMEOUT) -> Any:
        msg = await self.ws.receive(timeout)
        assert msg.type is aiohttp.WSMsgType.BINARY, msg
        text = gzip.decompress(msg.data).decode()
        return text if text == "Ping" else json.loads(text)

    async def send(self, req_type: str, topic: object) -> str:
        self._ids += 1
        request_id = f"req-{self._ids}"
        await self.ws.send_str(json.dumps({"id": request_id, "reqType": req_type, "dataType": topic}))
        return request_id

    async def until(self, accept: Callable[[Any], bool], timeout: float = TIMEOUT, limit: int = 10_000) -> Any:
        """The first frame ``accept`` takes (others are skipped), within ``timeout`` and ``limit`` frames."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        for _ in range(limit):
            frame = await self.recv(max(0.01, deadline - loop.time()))
            if accept(frame):
                return frame
        raise AssertionError("no matching frame")

    async def request(self, req_type: str, topic: object) -> dict[str, Any]:
        """Send a (un)subscribe and return its answer."""
        request_id = await self.send(req_type, topic)
        reply: dict[str, Any] = await self.until(lambda f: isinstance(f, dict) and f.get("id") == request_id)
        return reply

    async def data(self, topic: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """The next data frame of ``topic``."""
        frame: dict[str, Any] = await self.until(lambda f: isinstance(f, dict) and f.get("dataType") == topic,
                                                 timeout)
        return frame


@pytest.fixture
async def raw(sim: Simulator) -> AsyncIterator[Callable[..., Any]]:
    """``await raw(query="")`` opens a raw socket on the simulator's ``/swap-market``."""
    async with aiohttp.ClientSession() as session:
        sockets: list[aiohttp.ClientWebSocketResponse] = []

        async def connect(query: str = "") -> RawWs:
            ws = await session.ws_connect(sim.bingx_ws_url + query, autoping=False)
            sockets.append(ws)
            return RawWs(ws)

        yield connect
        for ws in sockets:
            await ws.close()
