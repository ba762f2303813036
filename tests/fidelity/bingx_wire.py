"""Golden-wire helpers for the BingX fidelity tests: a real client (sync or async) whose transport answers
from a script and records every request, at a fixed clock, so a request can be compared byte for byte.

The expected signature is computed here with `hmac` on its own, not with the client's signer.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

from tests.both import Both
from tradewire import AsyncBingX, BingX
from tradewire.core.http import Request, Response

API_KEY = "golden" + "K" * 26
SECRET = "golden" + "S" * 26
NOW = 1700000000000
BASE = "http://127.0.0.1:9"


class Script:
    """Answers each request with the next body (HTTP 200) and records what was sent."""

    def __init__(self, *bodies: bytes) -> None:
        self.bodies = list(bodies)
        self.sent: list[Request] = []

    def send(self, req: Request) -> Response:
        self.sent.append(req)
        if not self.bodies:
            raise AssertionError(f"unexpected request {req.method} {req.url}")
        return Response(200, {"Content-Type": "application/json"}, self.bodies.pop(0))

    def close(self) -> None:
        pass


class AsyncScript(Script):
    async def send(self, req: Request) -> Response:  # type: ignore[override]
        return Script.send(self, req)

    async def close(self) -> None:  # type: ignore[override]
        pass


def wired(kind: str, *bodies: bytes) -> Iterator[tuple[Both, Script]]:
    """A client of `kind` ("sync"/"async") over a `Script` of `bodies`, its clock fixed at `NOW`."""
    cls: Any = BingX if kind == "sync" else AsyncBingX
    client = cls(API_KEY, SECRET, base_url=BASE, rate_limits=False)
    client.context.clock.source = lambda: NOW
    client.context.clock.synced = True
    script = Script(*bodies) if kind == "sync" else AsyncScript(*bodies)
    client._transport = script
    if kind == "sync":
        yield Both(client, None), script
        return
    loop = asyncio.new_event_loop()
    try:
        yield Both(client, loop), script
    finally:
        loop.close()


def signed(payload: str) -> str:
    """`payload&signature=<HMAC-SHA256 hex of payload>`."""
    return f"{payload}&signature={hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()}"


def line(req: Request) -> str:
    """`METHOD path?query` of a request, without the host."""
    return f"{req.method} {req.url.removeprefix(BASE)}"


def assert_get(req: Request, path: str, payload: str) -> None:
    """A signed GET with exactly `payload` (sorted parameters incl. timestamp) in its query."""
    assert line(req) == f"GET {path}?{signed(payload)}"
    assert req.headers["X-BX-APIKEY"] == API_KEY
    assert not req.body


def assert_post(req: Request, path: str, payload: str) -> None:
    """A signed form POST with exactly `payload` in its body and nothing in its query."""
    assert line(req) == f"POST {path}"
    assert req.body == signed(payload).encode()
    assert req.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert req.headers["X-BX-APIKEY"] == API_KEY
