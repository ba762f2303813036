"""Binance REST on the simulator: exact signature checks, weights and their headers, filters, orders.

Errors are worded as Binance words them (binance.md §8); weights follow §6.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from tradewire.sim import jsonenc
from tradewire.sim.binance import capital, fapi_routes, isolated_api, keys, order_lists, sapi
from tradewire.sim.binance import views as v
from tradewire.sim.binance.exchange import BinanceExchange
from tradewire.sim.binance.wire import ApiError, Call, Handler
from tradewire.sim.bingx.state import RecordedRequest
from tradewire.sim.faults import Fault, Faults
from tradewire.sim.users import SimUser

WEIGHT_LIMIT = 1200
#: every /sapi endpoint has its own budget per IP, or per UID for the Weight(UID) ones (binance.md §6)
SAPI_IP, SAPI_UID = (12_000, "X-SAPI-USED-IP-WEIGHT-1M"), (180_000, "X-SAPI-USED-UID-WEIGHT-1M")
FAPI = (2400, "X-MBX-USED-WEIGHT-1M")
BAN_AFTER = 2  # 429 answers in one window before requests earn an IP ban (418)
BAN_MS = 120_000  # the first ban lasts 2 minutes (binance.md §6: 2 minutes to 3 days)
ORDER_LIMIT_10S = 100
ORDER_LIMIT_DAY = 200_000


@dataclass(frozen=True)
class Route:
    """How a path is served: security, weight (fixed or computed), orders counted."""

    security: str  # NONE, APIKEY, SIGNED
    weight: int | Callable[[dict[str, str]], int]
    handler: Handler
    orders: int = 0


class Window:
    """A fixed-window counter (Binance counts per interval)."""

    def __init__(self, ms: int) -> None:
        self.ms, self.start, self.used = ms, 0, 0

    def add(self, n: int, now: int) -> int:
        if now - self.start >= self.ms:
            self.start, self.used = now - now % self.ms, 0
        self.used += n
        return self.used


@dataclass
class StatusFault:
    """Answer `status` on the next `count` requests to `path`; `execute` runs the handler first."""

    path: str
    status: int
    count: int = 1
    execute: bool = False
    delay: float = 0.0  # float ok: seconds
    retry_after: int | None = None


class RestFront:
    """Dispatches every Binance path; counts weight per IP and orders per user."""

    def __init__(self, ex: BinanceExchange, routes: dict[tuple[str, str], Route]) -> None:
        self.ex = ex
        self.routes = routes
        self.weight = Window(60_000)
        self.other_weight: dict[str, Window] = {}  # /fapi/ and each /sapi path
        self.orders: dict[str, tuple[Window, Window]] = {}
        self.faults: list[StatusFault] = []
        #: the simulator-wide faults (`Simulator.faults`: delay, reset, status, code) and request record, when
        #: this front runs inside a `Simulator`; Binance paths never collide with BingX ones
        self.shared_faults: Faults | None = None
        self.record: Callable[[RecordedRequest], None] | None = None
        self.strikes = 0  # 429 answers in the current weight window
        self.banned_until = 0
        self.weight_limit = WEIGHT_LIMIT
        self.seen: deque[tuple[str, str, str, bytes]] = deque(maxlen=100)  # the last requests

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """The one aiohttp handler of every Binance REST path."""
        body = await request.read()
        self.seen.append((request.method, request.path, request.query_string, body))
        if self.record is not None:
            self.record(RecordedRequest(request.method, request.path, request.rel_url.raw_query_string, body,
                                        dict(request.headers)))
        route = self.routes.get((request.method, request.path))
        shared = self.shared_faults.take(request.path) if self.shared_faults is not None else None
        if shared is not None and shared.kind == "reset":
            if request.transport is not None:
                request.transport.close()
            return web.Response()  # never delivered: the connection is gone
        if shared is not None and shared.kind == "code":
            return web.Response(status=shared.status or 400, content_type="application/json",
                                body=json.dumps({"code": shared.code, "msg": shared.msg}).encode())
        fault = self._fault(request.path) if shared is None else _as_status(shared)
        headers: dict[str, str] = {}
        try:
            if fault is not None and fault.delay:
                await asyncio.sleep(fault.delay)
            if route is None:
                raise ApiError(-1020, "This operation is not supported.", 404 if request.method == "GET" else 400)
            params, user = self._authenticate(request, body, route)
            now = self.ex.clock.base_ms()
            self._check_ban(now, headers)
            weight = route.weight(params) if callable(route.weight) else route.weight
            window, limit, header = self._budget(request.method, request.path)
            used = window.add(weight, now)
            headers[header] = str(used)
            if header == "X-MBX-USED-WEIGHT-1M":
                headers["X-MBX-USED-WEIGHT"] = str(used)
            if used > limit:
                retry = (window.start + 60_000 - now) // 1000 + 1
                headers["Retry-After"] = str(retry)
                self.strikes = self.strikes + 1 if window.used - weight > limit else 1
                if self.strikes > BAN_AFTER:
                    self.banned_until = now + BAN_MS
                    self._check_ban(now, headers)
                raise ApiError(-1003, f"Too much request weight used; current limit is {limit} "
                                      "request weight per 1 MINUTE. Please use WebSocket Streams for live "
                                      "updates to avoid polling the API.", 429)
            if route.orders and user is not None:
                ten, day = self.orders.setdefault(user.uid, (Window(10_000), Window(86_400_000)))
                headers["X-MBX-ORDER-COUNT-10S"] = str(ten.add(route.orders, now))
                headers["X-MBX-ORDER-COUNT-1D"] = str(day.add(route.orders, now))
            if fault is not None and fault.status and not fault.execute:
                return self._fault_reply(fault, headers)
            with self.ex.lock:  # the market is where the clock says before any handler reads or trades
                self.ex.catch_up(self.ex.clock.now_ms())
                result = route.handler(Call(params, user, self.ex))
            if fault is not None and fault.status:
                return self._fault_reply(fault, headers)
            return web.Response(body=jsonenc.dumps(result),
                                content_type="application/json", headers=headers)
        except ApiError as e:
            payload: dict[str, Any] = {"code": e.code, "msg": e.msg}
            if e.data is not None:
                payload["data"] = e.data
            return web.Response(status=e.status, body=json.dumps(payload).encode(), content_type="application/json",
                                headers=headers)

    def _check_ban(self, now: int, headers: dict[str, str]) -> None:
        """418 while the IP is banned for having kept sending after 429 answers."""
        if now < self.banned_until:
            headers["Retry-After"] = str((self.banned_until - now) // 1000 + 1)
            raise ApiError(-1003, f"Way too many requests; IP banned until {self.banned_until}. Please use the "
                                  "websocket for live updates to avoid bans.", 418)

    def _budget(self, method: str, path: str) -> tuple[Window, int, str]:
        """The weight window of `path`, its limit and the header reporting it."""
        if not path.startswith(("/sapi/", "/fapi/", "/futures/")):
            return self.weight, self.weight_limit, "X-MBX-USED-WEIGHT-1M"
        key = f"{method} {path}" if path.startswith("/sapi/") else "/fapi/"  # /futures/data: the fapi budget
        uid = (method, path) in sapi.UID_LIMITED
        limit, header = FAPI if key == "/fapi/" else SAPI_UID if uid else SAPI_IP
        return self.other_weight.setdefault(key, Window(60_000)), limit, header

    def _fault(self, path: str) -> StatusFault | None:
        for fault in self.faults:
            if fault.path == path:
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_reply(fault: StatusFault, headers: dict[str, str]) -> web.Response:
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        if fault.status in (429, 418):
            code = -1003
            msg = "Way too many requests; IP banned until 0." if fault.status == 418 else "Too many requests."
            return web.Response(status=fault.status, body=json.dumps({"code": code, "msg": msg}).encode(),
                                content_type="application/json", headers=headers)
        return web.Response(status=fault.status, text=f"<html><body>{fault.status}</body></html>",
                            content_type="text/html", headers=headers)

    def _authenticate(self, request: web.Request, body: bytes, route: Route) -> tuple[dict[str, str], SimUser | None]:
        query = request.query_string
        text = body.decode()
        params = dict(_pairs(text)) if text else {}
        params.update(_pairs(query))  # the query string wins (binance.md §2)
        if route.security == "NONE":
            return params, None
        user = self.ex.user_by_key(request.headers.get("X-MBX-APIKEY", ""))
        if user is None:
            raise ApiError(-2015, "Invalid API-key, IP, or permissions for action.", 401)
        if route.security == "APIKEY":
            return params, user
        signature = params.pop("signature", None)
        if signature is None:
            raise ApiError(-1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.")
        # the bytes as sent (percent-encoded, as a JSON batchOrders list is), or as decoded
        raw = request.rel_url.raw_query_string
        public = self.ex.public_key(request.headers.get("X-MBX-APIKEY", ""))
        if not any(keys.verify(user, public, _strip_signature(q) + _strip_signature(text), signature)
                   for q in dict.fromkeys((raw, query))):
            raise ApiError(-1022, "Signature for this request is not valid.")
        check_stamp(self.ex, params)
        return params, user


def check_stamp(ex: BinanceExchange, params: dict[str, str]) -> None:
    """The timing security of a signed request: `timestamp` within `recvWindow` (default 5000, at most 60000),
    and not 1000 ms or more ahead of the server (web-socket-api.md, "Timing security"; REST alike)."""
    ts = params.get("timestamp")
    if ts is None or not ts.isdigit():
        raise ApiError(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.")
    window = params.get("recvWindow", "5000")
    if not window.isdigit() or int(window) > 60_000:
        raise ApiError(-1131, "recvWindow must be less than 60000")
    age = ex.clock.stamp_age_ms(int(ts))  # forgives a frozen or sped-up clock's drift (SimClock)
    if age <= -1000:
        raise ApiError(-1021, "Timestamp for this request was 1000ms ahead of the server's time.")
    if age > int(window):
        raise ApiError(-1021, "Timestamp for this request is outside of the recvWindow.")


def _pairs(text: str) -> list[tuple[str, str]]:
    """`parse_qsl(text, keep_blank_values=True)`; without `%` or `+` nothing needs decoding, and a split does."""
    if "%" in text or "+" in text:
        return parse_qsl(text, keep_blank_values=True)
    return [(k, v) for k, _, v in (p.partition("=") for p in text.split("&") if p)]


def _strip_signature(text: str) -> str:
    """The signed part of a query or body: everything but the `signature` parameter."""
    if "signature=" not in text:
        return text
    return "&".join(p for p in text.split("&") if not p.startswith("signature="))


def build_routes() -> dict[tuple[str, str], Route]:
    """Every served (method, path)."""
    merged = {**v.ROUTES, **order_lists.ROUTES, **sapi.ROUTES, **isolated_api.ROUTES, **capital.ROUTES,
              **fapi_routes.ROUTES}
    return {key: Route(*spec) for key, spec in merged.items()}


def _as_status(fault: Fault) -> StatusFault:
    """A simulator-wide `delay` or `status` fault in this front's terms."""
    return StatusFault(fault.path or "", fault.status, execute=fault.execute, delay=fault.seconds)


def install(app: web.Application, ex: BinanceExchange) -> RestFront:
    """Serve Binance REST (`/api/*`, `/sapi/*`, `/fapi/*`) on `app`."""
    front = RestFront(ex, build_routes())
    for method, path in front.routes:
        app.router.add_route(method, path, front.handle)
    return front


__all__ = ["RestFront", "Route", "Window", "check_stamp", "install"]
