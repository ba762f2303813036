"""The Binance WebSocket API on the simulator (binance-spot-api-docs/web-socket-api.md), on `/ws-api/v3`.

Requests `{"id", "method", "params"}` are answered `{"id", "status", "result" | "error", "rateLimits"}`.
Signed methods carry `apiKey`, `timestamp` and `signature` (the other params sorted by name, `k=v&...`, values
unencoded: HMAC hex, RSA or Ed25519 base64), or only `timestamp` on a session logged on with an Ed25519 key.
Every trading and market method is served by the REST handler of the same call (`views.ROUTES`): one order
path, the same validation and errors. User data events come from the stream front (`StreamFront.user_sinks`)
and are pushed as `{"subscriptionId", "event"}` (user-data-stream.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aiohttp import WSMsgType, web

from tradewire.sim.binance import keys
from tradewire.sim.binance.exchange import BinanceExchange
from tradewire.sim.binance.rest import (
    BAN_AFTER,
    BAN_MS,
    ORDER_LIMIT_10S,
    ORDER_LIMIT_DAY,
    RestFront,
    Window,
    check_stamp,
)
from tradewire.sim.binance.streams import StreamFront
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.users import SimUser

PATH = "/ws-api/v3"
#: web-socket-api.md, "How to interpret rate limits": REQUEST_WEIGHT 6000 per minute, per IP
WEIGHT_LIMIT = 6000
CONNECT_WEIGHT = 2  # "Connecting to WebSocket API costs 2 weight."
MAX_SUBSCRIPTIONS = 1000
Weight = int | Callable[[dict[str, str]], int]


def _depth_weight(p: dict[str, str]) -> int:
    n = int(p["limit"]) if p.get("limit", "").isdigit() else 100
    return 5 if n <= 100 else 25 if n <= 500 else 50 if n <= 1000 else 250


def _by_symbol(one: int, many: int) -> Callable[[dict[str, str]], int]:
    return lambda p: one if "symbol" in p else many


#: method -> (the REST route whose handler serves it, its WebSocket API weight); security and order counting
#: are the route's own
METHODS: dict[str, tuple[tuple[str, str], Weight]] = {
    "ping": (("GET", "/api/v3/ping"), 1),
    "time": (("GET", "/api/v3/time"), 1),
    "exchangeInfo": (("GET", "/api/v3/exchangeInfo"), 20),
    "depth": (("GET", "/api/v3/depth"), _depth_weight),
    "avgPrice": (("GET", "/api/v3/avgPrice"), 2),
    "ticker.price": (("GET", "/api/v3/ticker/price"), _by_symbol(2, 4)),
    "ticker.book": (("GET", "/api/v3/ticker/bookTicker"), _by_symbol(2, 4)),
    "order.place": (("POST", "/api/v3/order"), 1),
    "order.test": (("POST", "/api/v3/order/test"), lambda p: 20 if p.get("computeCommissionRates") == "true" else 1),
    "order.status": (("GET", "/api/v3/order"), 4),
    "order.cancel": (("DELETE", "/api/v3/order"), 1),
    "order.cancelReplace": (("POST", "/api/v3/order/cancelReplace"), 1),
    "openOrders.status": (("GET", "/api/v3/openOrders"), _by_symbol(6, 80)),
    "openOrders.cancelAll": (("DELETE", "/api/v3/openOrders"), 1),
    "allOrders": (("GET", "/api/v3/allOrders"), 20),
    "myTrades": (("GET", "/api/v3/myTrades"), 20),
    "account.status": (("GET", "/api/v3/account"), 20),
    "account.rateLimits.orders": (("GET", "/api/v3/rateLimit/order"), 40),
    "account.commission": (("GET", "/api/v3/account/commission"), 20),
    "orderList.place.oco": (("POST", "/api/v3/orderList/oco"), 1),
    "orderList.place.oto": (("POST", "/api/v3/orderList/oto"), 1),
    "orderList.place.otoco": (("POST", "/api/v3/orderList/otoco"), 1),
    "orderList.cancel": (("DELETE", "/api/v3/orderList"), 1),
    "orderList.status": (("GET", "/api/v3/orderList"), 4),
    "openOrderLists.status": (("GET", "/api/v3/openOrderList"), 6),
    "allOrderLists": (("GET", "/api/v3/allOrderList"), 20),
}
#: the session and subscription methods, all of weight 2
SESSION_METHODS = ("session.logon", "session.status", "session.logout", "session.subscriptions",
                   "userDataStream.subscribe", "userDataStream.subscribe.signature", "userDataStream.unsubscribe")
FAULT_KINDS = ("drop", "drop_after", "mute")


@dataclass
class WsFault:
    """On the next `count` requests of `method`: `drop` closes the connection unanswered and unexecuted,
    `drop_after` executes the request and then closes it unanswered, `mute` executes it and never answers."""

    method: str
    kind: str
    count: int = 1


@dataclass(eq=False)
class Session:
    """One connection: its writer queue, the logged-on key and its user data subscriptions."""

    ws: web.WebSocketResponse
    connected_since: int
    return_rate_limits: bool
    queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    api_key: str | None = None
    user: SimUser | None = None
    authorized_since: int | None = None
    subs: dict[int, str] = field(default_factory=dict)  # subscriptionId -> uid
    logon_sub: int | None = None  # the one opened by `userDataStream.subscribe` (closed by logout)
    next_sub: int = 0

    def send(self, payload: dict[str, Any]) -> None:
        self.queue.put_nowait(json.dumps(payload, separators=(",", ":")))


def text(value: Any) -> str:
    """A JSON parameter value as it appears in the signature payload and as the handlers read it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    return json.dumps(value, separators=(",", ":"))


def payload(params: dict[str, Any]) -> str:
    """The signed text: every parameter but `signature`, sorted by name, `k=v` joined by `&`, unencoded."""
    return "&".join(f"{k}={text(v)}" for k, v in sorted(params.items()) if k != "signature")


class WsApiFront:
    """Serves `/ws-api/v3`; shares the REST front's order counters and IP ban."""

    def __init__(self, ex: BinanceExchange, rest: RestFront, streams: StreamFront | None,
                 methods: dict[str, tuple[tuple[str, str], Weight]] | None = None,
                 session_methods: tuple[str, ...] = SESSION_METHODS, weight_limit: int = WEIGHT_LIMIT) -> None:
        """`methods` and `session_methods`: what this front serves (the spot API's by default); without
        `streams` it pushes no user data (the futures one hands out listen keys instead)."""
        self.ex, self.rest = ex, rest
        self.methods = METHODS if methods is None else methods
        self.session_methods = session_methods
        self.sessions: set[Session] = set()
        self.weight = Window(60_000)
        self.weight_limit = weight_limit
        self.faults: list[WsFault] = []
        self.seen: list[dict[str, Any]] = []  # the last 100 requests, as received
        if streams is not None:
            streams.user_sinks.append(self._on_user_event)
            streams.user_wanted.append(self._wants_user)

    def fault(self, method: str, kind: str, count: int = 1) -> None:
        """Queue a fault (see `WsFault`) for the next `count` requests of `method`."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {FAULT_KINDS}")
        self.faults.append(WsFault(method, kind, count))

    async def stop(self) -> None:
        for s in list(self.sessions):
            s.queue.put_nowait(None)
            await s.ws.close()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=20.0)  # "a ping frame every 20 seconds"
        await ws.prepare(request)
        now = self.ex.clock.now_ms()
        s = Session(ws, now, request.query.get("returnRateLimits", "true") != "false")
        with self.ex.lock:
            self.weight.add(CONNECT_WEIGHT, self.ex.clock.base_ms())
        self.sessions.add(s)
        writer = asyncio.ensure_future(self._writer(s))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    break
                fault = self._take_fault(msg.data)
                if fault is not None and fault.kind == "drop":
                    break
                with self.ex.lock:
                    answer = self.answer(s, msg.data)
                if fault is not None and fault.kind == "drop_after":
                    break
                if fault is None:
                    s.send(answer)
        finally:
            self.sessions.discard(s)
            s.queue.put_nowait(None)
            await writer
            await ws.close()
        return ws

    @staticmethod
    async def _writer(s: Session) -> None:
        while True:
            item = await s.queue.get()
            if item is None:
                return
            with contextlib.suppress(ConnectionError, RuntimeError):
                await s.ws.send_str(item)

    def _take_fault(self, raw: str) -> WsFault | None:
        if not self.faults:
            return None
        try:
            method = json.loads(raw).get("method")
        except (ValueError, AttributeError):
            return None
        for f in self.faults:
            if f.method == method:
                f.count -= 1
                if f.count <= 0:
                    self.faults.remove(f)
                return f
        return None

    # --- one request ---------------------------------------------------------------------------

    def answer(self, s: Session, raw: str) -> dict[str, Any]:
        """The response frame of one request frame."""
        try:
            msg = json.loads(raw, parse_float=Decimal)  # numbers keep the text they were sent as
        except ValueError:
            return {"id": None, "status": 400, "error": {"code": -1135, "msg": "Invalid JSON Request"}}
        if not isinstance(msg, dict):
            return {"id": None, "status": 400, "error": {"code": -1135, "msg": "Invalid JSON Request"}}
        self.seen = [*self.seen[-99:], msg]
        mid = msg.get("id")
        params = msg.get("params") or {}
        method = str(msg.get("method") or "")
        method = method[3:] if method.startswith("v3/") else method  # "may be prefixed with explicit version"
        if not isinstance(params, dict):
            return {"id": mid, "status": 400, "error": {"code": -1135, "msg": "Invalid JSON Request"}}
        # signed with the others ("all request params except signature"), then read by the server alone
        show = params.get("returnRateLimits", s.return_rate_limits) not in (False, "false")
        limits: list[dict[str, Any]] = []
        out: dict[str, Any] = {"id": mid, "status": 200}
        try:
            if method in self.session_methods:
                weight: Weight = 2
            elif method in self.methods:
                weight = self.methods[method][1]
            else:
                # no message is documented for an unknown method; -1020 is the code of an unsupported
                # operation (errors.md)
                raise ApiError(-1020, "This operation is not supported.")
            texts = {k: text(v) for k, v in params.items() if k != "returnRateLimits"}
            now = self.ex.clock.base_ms()
            self._check_ban(now)
            used = self.weight.add(weight(texts) if callable(weight) else weight, now)
            limits.append({"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
                           "limit": self.weight_limit, "count": used})
            if used > self.weight_limit:
                self._over_limit(now, used - (weight(texts) if callable(weight) else weight) > self.weight_limit)
            if method in self.session_methods:
                out["result"] = self._session(s, method, params)
            else:
                route = self.rest.routes[self.methods[method][0]]
                user = (None if route.security == "NONE" else self._keyed(s, params) if route.security == "APIKEY"
                        else self._authenticate(s, params))
                call_params = {k: text(v) for k, v in params.items()
                               if k not in ("apiKey", "signature", "returnRateLimits")}
                if route.orders and user is not None:
                    orders = route.orders
                    ten, day = self.rest.orders.setdefault(user.uid, (Window(10_000), Window(86_400_000)))
                    limits[:0] = [
                        {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10,
                         "limit": ORDER_LIMIT_10S, "count": ten.add(orders, now)},
                        {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1,
                         "limit": ORDER_LIMIT_DAY, "count": day.add(orders, now)}]
                with self.ex.lock:  # the market is where the clock says before the handler reads or trades
                    self.ex.catch_up(self.ex.clock.now_ms())
                    out["result"] = route.handler(Call(call_params, user, self.ex))
        except ApiError as e:
            out["status"] = e.status
            out["error"] = {"code": e.code, "msg": e.msg, **({"data": e.data} if e.data is not None else {})}
        if show and limits:
            out["rateLimits"] = limits
        return out

    def _check_ban(self, now: int) -> None:
        banned = self.rest.banned_until
        if now < banned:
            raise ApiError(-1003, f"Way too much request weight used; IP banned until {banned}. Please use "
                                  "WebSocket Streams for live updates to avoid bans.", 418,
                           {"serverTime": now, "retryAfter": banned})

    def _over_limit(self, now: int, again: bool) -> None:
        """429 with `retryAfter` (the end of the window); `again` and again, an IP ban (418)."""
        self.rest.strikes = self.rest.strikes + 1 if again else 1
        if self.rest.strikes > BAN_AFTER:
            self.rest.banned_until = now + BAN_MS
            self._check_ban(now)
        retry = self.weight.start + 60_000
        raise ApiError(-1003, f"Too much request weight used; current limit is {self.weight_limit} request weight "
                              "per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the "
                              "API.", 429, {"serverTime": now, "retryAfter": retry})

    def _signed_by(self, params: dict[str, Any]) -> tuple[SimUser, str]:
        """The user whose key signed `params` (apiKey, signature), and the key's type."""
        for name in ("apiKey", "signature"):
            if not isinstance(params.get(name), str) or not params[name]:
                raise ApiError(-1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.")
        api_key = params["apiKey"]
        user = self.ex.user_by_key(api_key)
        if user is None:
            raise ApiError(-2015, "Invalid API-key, IP, or permissions for action.", 401)
        public = self.ex.public_key(api_key)
        if not keys.verify(user, public, payload(params), params["signature"]):
            raise ApiError(-1022, "Signature for this request is not valid.")
        return user, keys.key_type(public)

    def _keyed(self, s: Session, params: dict[str, Any]) -> SimUser:
        """An API-key request's user: its `apiKey`, else the session's."""
        if "apiKey" not in params and s.user is not None:
            return s.user
        user = self.ex.user_by_key(str(params.get("apiKey") or ""))
        if user is None:
            raise ApiError(-2015, "Invalid API-key, IP, or permissions for action.", 401)
        return user

    def _authenticate(self, s: Session, params: dict[str, Any]) -> SimUser:
        """A signed request's user: its own apiKey and signature, else the session's key ("Authorize ad hoc
        requests"); the timestamp is checked either way."""
        if "signature" in params or "apiKey" in params or s.user is None:
            user, _ = self._signed_by(params)
        else:
            user = s.user
        check_stamp(self.ex, {k: text(v) for k, v in params.items()})
        return user

    # --- session and subscriptions ---------------------------------------------------------------

    def _status(self, s: Session) -> dict[str, Any]:
        return {"apiKey": s.api_key, "authorizedSince": s.authorized_since, "connectedSince": s.connected_since,
                "returnRateLimits": s.return_rate_limits, "serverTime": self.ex.clock.now_ms(),
                "userDataStream": bool(s.subs)}

    def _subscribe(self, s: Session, uid: str) -> int:
        if uid in s.subs.values():
            raise ApiError(-2035, "User Data Stream subscription already active.")
        if len(s.subs) >= MAX_SUBSCRIPTIONS or s.next_sub > 65_535:
            raise ApiError(-2042, "Maximum subscription ID reached for this connection.")
        sid = s.next_sub
        s.next_sub += 1
        s.subs[sid] = uid
        return sid

    def _session(self, s: Session, method: str, params: dict[str, Any]) -> Any:
        if method == "session.logon":
            user, kind = self._signed_by(params)
            if kind != keys.ED25519:
                # "Only Ed25519 keys are supported for this feature" (web-socket-api.md, Session Authentication);
                # the reference names no code for it: -1002 UNAUTHORIZED
                raise ApiError(-1002, "You are not authorized to execute this request.", 401)
            check_stamp(self.ex, {k: text(v) for k, v in params.items()})
            if s.user is not None and s.user.uid != user.uid and s.logon_sub is not None:
                s.subs.pop(s.logon_sub, None)
                s.logon_sub = None
            s.api_key, s.user, s.authorized_since = params["apiKey"], user, self.ex.clock.now_ms()
            return self._status(s)
        if method == "session.status":
            return self._status(s)
        if method == "session.logout":
            if s.logon_sub is not None:  # only the subscription made by userDataStream.subscribe closes
                s.subs.pop(s.logon_sub, None)
                s.logon_sub = None
            s.api_key = s.user = s.authorized_since = None
            return self._status(s)
        if method == "session.subscriptions":
            return [{"subscriptionId": sid} for sid in sorted(s.subs)]
        if method == "userDataStream.subscribe":
            if s.user is None:  # "requires an authenticated WebSocket connection using Ed25519 keys"
                raise ApiError(-2015, "Invalid API-key, IP, or permissions for action.", 401)
            s.logon_sub = self._subscribe(s, s.user.uid)
            return {"subscriptionId": s.logon_sub}
        if method == "userDataStream.subscribe.signature":
            user, _ = self._signed_by(params)
            check_stamp(self.ex, {k: text(v) for k, v in params.items()})
            return {"subscriptionId": self._subscribe(s, user.uid)}
        # userDataStream.unsubscribe: one subscription, or all of them without subscriptionId
        sid = params.get("subscriptionId")
        if sid is None:
            s.subs.clear()
            s.logon_sub = None
            return {}
        if not isinstance(sid, int) or sid not in s.subs:
            raise ApiError(-2036, "User Data Stream subscription not active.")
        del s.subs[sid]
        if s.logon_sub == sid:
            s.logon_sub = None
        return {}

    def _wants_user(self, uid: str) -> bool:
        return any(owner == uid for s in list(self.sessions) for owner in list(s.subs.values()))

    def _on_user_event(self, uid: str, event: dict[str, Any]) -> None:
        for s in list(self.sessions):
            for sid, owner in s.subs.items():
                if owner == uid:
                    s.send({"subscriptionId": sid, "event": event})


def install(app: web.Application, ex: BinanceExchange, rest: RestFront, streams: StreamFront) -> WsApiFront:
    """Serve the WebSocket API on `app` at `/ws-api/v3`."""
    front = WsApiFront(ex, rest, streams)
    app.router.add_get(PATH, front.handle)
    return front
