"""One call of an endpoint, written once as a generator and driven by either client.

`flow()` yields a `Request` (send it, answer with `Response` or the `TransportError`), a `Sleep`
(wait, answer with `None`) or a `Once` (run a shared sub-flow once for every caller waiting on it,
answer with its result) and returns the decoded result. It holds every decision: validation, clock
sync, rate-limit waits, signing, domain fallback, retries and what is never retried. `run_sync` and
`run_async` differ only in how they send and sleep.

A write is sent once. Only an answer that proves the exchange refused it counts as a failure; a
5xx, a rate-limit answer the venue does not document as a refusal, an unreadable body or a lost
connection after sending raise `UnknownOutcome`, and nothing is re-sent.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from tradewire.core.auth import Credentials, redact
from tradewire.core.clock import Clock
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import (
    DecodeError,
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


@dataclass(slots=True)
class Once:
    """Run `make()` once for every caller that asks for `key` while it runs (single flight): loading
    rules or syncing the clock costs one request however many calls need it at the same time."""

    flights: Flights
    key: object
    make: Callable[[], Flow]


Action = Request | Sleep | Once
Flow = Generator[Action, Any, Any]


class Flights:
    """The single flights of one client, for threads (sync) and tasks (async) alike."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._threads: dict[object, _Flight] = {}
        self._tasks: dict[object, asyncio.Future[Any]] = {}

    def run_sync(self, key: object, make: Callable[[], Flow], send: Callable[[Request], Response]) -> Any:
        """Lead the flight of `key`, or wait for the thread leading it and share its outcome."""
        with self._lock:
            flight = self._threads.get(key)
            lead = flight is None
            if flight is None:
                flight = self._threads[key] = _Flight()
        if lead:
            try:
                flight.result = run_sync(make(), send)
            except BaseException as e:
                flight.error = e
            finally:
                with self._lock:
                    del self._threads[key]
                flight.done.set()
        else:
            flight.done.wait()
        if flight.error is not None:
            raise flight.error
        return flight.result

    async def run_async(self, key: object, make: Callable[[], Flow],
                        send: Callable[[Request], Awaitable[Response]]) -> Any:
        """Lead the flight of `key`, or await the task leading it and share its outcome."""
        found = self._tasks.get(key)
        if found is not None and found.get_loop() is asyncio.get_running_loop():
            return await asyncio.shield(found)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._tasks[key] = future
        try:
            result = await run_async(make(), send)
        except BaseException as e:
            future.set_exception(e)
            future.exception()  # retrieved here: followers re-raise it, none is left unobserved
            raise
        else:
            future.set_result(result)
            return result
        finally:
            if self._tasks.get(key) is future:
                del self._tasks[key]


@dataclass(slots=True)
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class Venue(Protocol):
    """What a venue supplies: how to build a request and how to read its answer."""

    name: str
    time_endpoint: Endpoint
    #: rate-limit codes the venue documents as refused before execution, in an HTTP 200 answer (a write
    #: answered so was not done; any other rate-limit answer to a write leaves its outcome unknown)
    refusals: frozenset[int]

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
    flights: Flights = field(default_factory=Flights)


def backoff(attempt: int) -> float:  # float ok: seconds
    """Exponential backoff with full jitter: up to min(0.1 * 2^attempt, 5) seconds."""
    return random.uniform(0, min(0.1 * 2**attempt, 5.0))


def described(req: Request) -> str:
    """The request line and body for errors and logs, with the signature removed."""
    url, _, query = req.url.partition("?")
    text = f"{req.method} {url}" + (f"?{redact(query)}" if query else "")
    return text + (f" body: {redact(req.body.decode())}" if req.body else "")


def unknown(ep: Endpoint, req: Request, params: Mapping[str, str], cause: Exception, venue: str) -> UnknownOutcome:
    """The error for a write that may have been executed: what was sent, and that nothing was re-sent."""
    said = cause.message if isinstance(cause, ExchangeError) else str(cause)
    return UnknownOutcome(
        f"{said}; {ep.name} may have been executed and was not sent again: check its state before sending "
        f"it again", venue=venue, endpoint=ep.path, request=described(req), params=dict(params),
        status=getattr(cause, "status", None), code=getattr(cause, "code", None))


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
            raise unknown(ep, req, params, outcome, ctx.venue.name) from outcome
    assert last is not None
    raise last


def sync_clock(ctx: Context) -> Flow:
    """Measure the server-time offset (one request however many calls ask at the same time)."""
    yield Once(ctx.flights, "clock", lambda: _measure(ctx))


def _measure(ctx: Context) -> Flow:
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
        except UnknownOutcome as e:  # HTTP 504, 101500, -1006/-1007: said so by the venue itself
            if ep.write:
                raise unknown(ep, req, rendered, e, ctx.venue.name) from e
            raise
        except TimestampError:  # refused before execution (outside recvWindow): safe to send again
            if resynced:
                raise
            resynced = True
            yield from sync_clock(ctx)
        except RateLimited as e:
            if ep.write and not (resp.status == 200 and e.code in ctx.venue.refusals):
                raise unknown(ep, req, rendered, e, ctx.venue.name) from e
            attempt += 1
            if ep.write or attempt > ctx.max_retries:
                raise  # a documented refusal: nothing was executed, and a write is still not re-sent
            yield Sleep(e.retry_after if e.retry_after is not None else backoff(attempt))
        except IpBanned as e:
            ctx.limiter.ban(float(resp.headers.get("Retry-After") or 300), str(e))  # float ok: seconds
            raise
        except (ServerError, DecodeError) as e:
            if ep.write:
                raise unknown(ep, req, rendered, e, ctx.venue.name) from e
            attempt += 1
            if isinstance(e, DecodeError) or attempt > ctx.max_retries:
                raise
            yield Sleep(backoff(attempt))


def run_sync(gen: Flow, send: Callable[[Request], Response]) -> Any:
    """Drive a flow with blocking I/O."""
    try:
        action = next(gen)
    except StopIteration as stop:  # a flow that needed no I/O (e.g. answered from a cache)
        return stop.value
    while True:
        outcome: Any = None
        try:
            if isinstance(action, Request):  # the common case first
                try:
                    outcome = send(action)
                except TransportError as e:
                    outcome = e
            elif isinstance(action, Sleep):
                time.sleep(action.seconds)
            else:
                try:
                    outcome = action.flights.run_sync(action.key, action.make, send)
                except Exception as e:
                    action = gen.throw(e)
                    continue
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
        outcome: Any = None
        try:
            if isinstance(action, Request):  # the common case first
                try:
                    outcome = await send(action)
                except TransportError as e:
                    outcome = e
            elif isinstance(action, Sleep):
                await asyncio.sleep(action.seconds)
            else:
                try:
                    outcome = await action.flights.run_async(action.key, action.make, send)
                except Exception as e:
                    action = gen.throw(e)
                    continue
            action = gen.send(outcome)
        except StopIteration as stop:
            return stop.value
