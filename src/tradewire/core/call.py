"""One call of an endpoint, written once as a generator and driven by either client.

`flow()` yields a `Request` (send it, answer with `Response` or the `TransportError`) or a
`Sleep` (wait, answer with `None`) and returns the decoded result. It holds every decision:
validation, clock sync, rate-limit waits, signing, domain fallback, retries and what is never
retried. `run_sync` and `run_async` differ only in how they send and sleep.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tradewire.core.auth import Credentials, redact
from tradewire.core.clock import Clock
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import (
    ExchangeError,
    IpBanned,
    RateLimited,
    ServerError,
    TimestampError,
    TransportError,
    UnknownOutcome,
    ValidationError,
)
from tradewire.core.http import Request, Response
from tradewire.core.limits import Limiter


@dataclass(slots=True)
class Sleep:
    """Wait this many seconds."""

    seconds: float  # float ok: seconds


Flow = Generator[Request | Sleep, Response | TransportError | None, Any]


class Venue(Protocol):
    """What a venue supplies: how to build a request and how to read its answer."""

    name: str
    time_endpoint: Endpoint

    def prepare(self, ep: Endpoint, params: dict[str, str], base: str, ctx: Context) -> Request: ...

    def parse(self, ep: Endpoint, resp: Response) -> Any: ...

    def server_time(self, resp: Response) -> int: ...

    def rate_headers(self, ep: Endpoint, resp: Response, limiter: Limiter) -> None: ...


@dataclass(slots=True)
class Context:
    """The state one client carries between calls."""

    venue: Venue
    base_urls: Sequence[str]
    credentials: Credentials | None
    clock: Clock
    limiter: Limiter
    recv_window: int | None = None
    sync_clock: bool = True
    max_retries: int = 3


def backoff(attempt: int) -> float:  # float ok: seconds
    """Exponential backoff with full jitter: up to min(0.1 * 2^attempt, 5) seconds."""
    return random.uniform(0, min(0.1 * 2**attempt, 5.0))


def described(req: Request) -> str:
    """The request line and body for errors and logs, with the signature removed."""
    url, _, query = req.url.partition("?")
    text = f"{req.method} {url}" + (f"?{redact(query)}" if query else "")
    return text + (f" body: {redact(req.body.decode())}" if req.body else "")


def _send(ctx: Context, ep: Endpoint, params: dict[str, str]) -> Generator[Request, Any, tuple[Request, Response]]:
    """Send on the first domain; fall back to the next only when no HTTP answer arrived.

    A write whose bytes may have reached the server is never re-sent: it is an unknown outcome.
    """
    last: TransportError | None = None
    for base in ctx.base_urls:
        req = ctx.venue.prepare(ep, params, base, ctx)
        outcome = yield req
        if isinstance(outcome, Response):
            return req, outcome
        last = outcome
        if ep.write and outcome.sent:
            raise UnknownOutcome(
                f"{outcome}; the request may have been executed: check its state before sending again",
                venue=ctx.venue.name, endpoint=ep.path, request=described(req),
            ) from outcome
    assert last is not None
    raise last


def sync_clock(ctx: Context) -> Generator[Request, Any, None]:
    """Measure the server-time offset."""
    sent = Clock.local_ms()
    _, resp = yield from _send(ctx, ctx.venue.time_endpoint, {})
    ctx.clock.update(ctx.venue.server_time(resp), sent, Clock.local_ms())


def flow(ctx: Context, ep: Endpoint, params: Mapping[str, Any] | None) -> Flow:
    """The whole life of one call; see the module docstring."""
    rendered = ep.build(params or {})
    if ep.auth != "none" and ctx.credentials is None:
        raise ValidationError("api_key", f"{ep.name} needs API credentials (api_key and secret_key)")
    if ep.auth == "signed" and ctx.sync_clock and not ctx.clock.synced:
        yield from sync_clock(ctx)
    resynced = False
    attempt = 0
    while True:
        wait = ctx.limiter.reserve(ep)
        if wait:
            yield Sleep(wait)
        req, resp = yield from _send(ctx, ep, rendered)
        ctx.venue.rate_headers(ep, resp, ctx.limiter)
        try:
            try:
                return ctx.venue.parse(ep, resp)
            except ExchangeError as e:
                e.request = e.request or described(req)
                raise
        except TimestampError:
            if resynced:
                raise
            resynced = True
            yield from sync_clock(ctx)
        except RateLimited as e:
            attempt += 1
            if attempt > ctx.max_retries:
                raise
            yield Sleep(e.retry_after if e.retry_after is not None else backoff(attempt))
        except IpBanned as e:
            ctx.limiter.ban(float(resp.headers.get("Retry-After") or 300), str(e))  # float ok: seconds
            raise
        except ServerError:
            attempt += 1
            if ep.write or attempt > ctx.max_retries:
                raise
            yield Sleep(backoff(attempt))


def run_sync(gen: Flow, send: Callable[[Request], Response]) -> Any:
    """Drive a flow with blocking I/O."""
    try:
        action = next(gen)
    except StopIteration as stop:  # a flow that needed no I/O (e.g. answered from a cache)
        return stop.value
    while True:
        outcome: Response | TransportError | None = None
        if isinstance(action, Sleep):
            time.sleep(action.seconds)
        else:
            try:
                outcome = send(action)
            except TransportError as e:
                outcome = e
        try:
            action = gen.send(outcome)
        except StopIteration as stop:
            return stop.value


async def run_async(gen: Flow, send: Callable[[Request], Awaitable[Response]]) -> Any:
    """Drive a flow with asyncio."""
    try:
        action = next(gen)
    except StopIteration as stop:  # a flow that needed no I/O (e.g. answered from a cache)
        return stop.value
    while True:
        outcome: Response | TransportError | None = None
        if isinstance(action, Sleep):
            await asyncio.sleep(action.seconds)
        else:
            try:
                outcome = await send(action)
            except TransportError as e:
                outcome = e
        try:
            action = gen.send(outcome)
        except StopIteration as stop:
            return stop.value
