"""The two I/O shells every venue client stands on: blocking (urllib3) and asyncio (aiohttp).

A venue client is its config class (credentials, environment, the call `Context`) plus one of
these shells; its methods are one-line calls of declared endpoints.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Self

from tradewire.core.call import Context, Flow, flow, run_async, run_sync, sync_clock
from tradewire.core.endpoint import Endpoint
from tradewire.core.http import AsyncTransport, Request, Response, SyncTransport


class SyncClient:
    """Blocking shell: `with Client(...) as c: c.method()`."""

    context: Context
    timeout: float  # float ok: seconds
    _transport: SyncTransport

    def _weigh(self, ep: Endpoint, params: dict[str, Any]) -> Endpoint:
        """The endpoint as charged for these parameters (venues with per-call weights override this)."""
        return ep

    def _sender(self) -> Callable[[Request], Response]:
        try:
            return self._transport.send
        except AttributeError:  # the first call: the pool is made on first use
            self._transport = SyncTransport(self.timeout)
            return self._transport.send

    def _call_flow(self, gen: Flow) -> Any:
        return run_sync(gen, self._sender())

    def _call(self, ep: Endpoint, **params: Any) -> Any:
        return run_sync(flow(self.context, self._weigh(ep, params), params), self._sender())

    def sync_time(self) -> int:
        """Measure the server-time offset now; returns it in ms."""
        self._call_flow(sync_clock(self.context))
        return self.context.clock.offset_ms

    def close(self) -> None:
        """Release pooled connections."""
        if hasattr(self, "_transport"):
            self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient:
    """asyncio shell: `async with Client(...) as c: await c.method()`."""

    context: Context
    timeout: float  # float ok: seconds
    _transport: AsyncTransport

    def _weigh(self, ep: Endpoint, params: dict[str, Any]) -> Endpoint:
        """The endpoint as charged for these parameters (venues with per-call weights override this)."""
        return ep

    def _sender(self) -> Callable[[Request], Awaitable[Response]]:
        try:
            return self._transport.send
        except AttributeError:  # the first call: the session is made on first use
            self._transport = AsyncTransport(self.timeout)
            return self._transport.send

    async def _call_flow(self, gen: Flow) -> Any:
        return await run_async(gen, self._sender())

    def _call(self, ep: Endpoint, **params: Any) -> Awaitable[Any]:
        return run_async(flow(self.context, self._weigh(ep, params), params), self._sender())

    async def sync_time(self) -> int:
        """Measure the server-time offset now; returns it in ms."""
        await self._call_flow(sync_clock(self.context))
        return self.context.clock.offset_ms

    async def close(self) -> None:
        """Close the session."""
        if hasattr(self, "_transport"):
            await self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
