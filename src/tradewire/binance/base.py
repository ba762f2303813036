"""What the sync and async Binance clients share: configuration, environments, and the order flows.

The order flows are generators over `core.call.flow`, so one copy of the logic (symbol filters
before the wire, reconciliation of unknown outcomes) serves both clients.
"""

from __future__ import annotations

import secrets
from collections.abc import Generator, Mapping, Sequence
from typing import Any, Literal

from tradewire.binance import endpoints as E
from tradewire.binance import fapi_endpoints as X
from tradewire.binance import fapi_models as fx
from tradewire.binance import futures_models as fm
from tradewire.binance import models as m
from tradewire.binance.catalog import CATALOG
from tradewire.binance.filters import SymbolFilters
from tradewire.binance.protocol import BinanceProtocol, KeyCredentials
from tradewire.core.auth import Credentials
from tradewire.core.call import Context, Flow, Once, Sleep, flow
from tradewire.core.clock import Clock
from tradewire.core.endpoint import Auth, Endpoint
from tradewire.core.errors import (
    OrderNotFound,
    ServerError,
    TransportError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)
from tradewire.core.limits import Limiter
from tradewire.core.urls import ws_beside

Env = Literal["live", "testnet"]

#: api.binance.com first; api1-4 have equal functionality (binance.md §1) and serve as fallbacks
REST_URLS: dict[str, tuple[str, ...]] = {
    "live": ("https://api.binance.com", "https://api1.binance.com", "https://api2.binance.com",
             "https://api3.binance.com", "https://api4.binance.com"),
    "testnet": ("https://testnet.binance.vision",),
}
FUTURES_URLS = {"live": "https://fapi.binance.com", "testnet": "https://testnet.binancefuture.com"}
FUTURES_WS_URLS = {"live": "wss://fstream.binance.com", "testnet": "wss://fstream.binancefuture.com"}
WS_URLS = {"live": "wss://stream.binance.com:9443", "testnet": "wss://testnet.binance.vision"}
#: how often and how long to look for an order whose placement outcome is unknown
RECONCILE_DELAYS = (0.0, 0.25, 0.5, 1.0)  # float ok: seconds


def new_client_order_id() -> str:
    """A fresh `newClientOrderId` (22 characters, like Binance's own)."""
    return "tw" + secrets.token_urlsafe(15).replace("-", "x").replace("_", "y")[:20]


def convert_accept_flow(ctx: Context, quote_id: str) -> Flow:
    """Accept a convert quote once. The quote id is the write's own key: the venue refuses a second acceptance
    (345231, as it refuses an expired quote), and orderStatus finds the convert by it (binance-usdm-endpoints.json,
    GET /fapi/v1/convert/orderStatus: "Either orderId or quoteId is required"). So an unknown outcome is looked up
    by the quote id, never re-sent; not found, it stays unknown (Binance never proves absence)."""
    try:
        result: fx.ConvertAccept = yield from flow(ctx, X.F_CONVERT_ACCEPT, {"quoteId": quote_id})
        return result
    except UnknownOutcome as e:
        cause: Exception = e
        sent = e.params
    for delay in RECONCILE_DELAYS:
        if delay:
            yield Sleep(delay)
        try:
            done: fx.ConvertOrder = yield from flow(ctx, X.F_CONVERT_STATUS, {"quoteId": quote_id})
        except (OrderNotFound, ServerError, TransportError) as e:
            cause = e
            continue
        return fx.ConvertAccept(order_id=done.order_id, create_time=done.create_time, order_status=done.order_status)
    raise UnknownOutcome(
        f"the quote's acceptance is unknown and no convert of quote {quote_id!r} was found after "
        f"{len(RECONCILE_DELAYS)} queries: check futures_convert_status(quote_id=...) before accepting another",
        venue="binance", endpoint=X.F_CONVERT_ACCEPT.path, params=sent) from cause


class BinanceConfig:
    """Credentials, environment and behaviour of one client; builds the call context."""

    def __init__(
        self,
        api_key: str | None = None,
        secret_key: str | None = None,
        *,
        private_key: bytes | str | None = None,
        env: Env = "live",
        base_url: str | Sequence[str] | None = None,
        futures_url: str | None = None,
        ws_url: str | None = None,
        futures_ws_url: str | None = None,
        timeout: float = 10.0,  # float ok: seconds
        recv_window: int | None = None,
        rate_limits: bool = True,
        sync_clock: bool = True,
        check_filters: bool = True,
    ) -> None:
        if env not in REST_URLS:
            raise ValidationError("env", "must be live or testnet", env)
        if recv_window is not None and not (isinstance(recv_window, int) and 1 <= recv_window <= E.MAX_RECV_WINDOW):
            raise ValidationError("recv_window", "must be an integer from 1 to 60000 ms", recv_window)
        if timeout <= 0:
            raise ValidationError("timeout", "must be > 0 seconds", timeout)
        if api_key is not None and secret_key is None and private_key is None:
            raise ValidationError("secret_key", "api_key needs secret_key (HMAC) or private_key (RSA/Ed25519)")
        if api_key is None and (secret_key or private_key):
            raise ValidationError("api_key", "is required with secret_key or private_key")
        self.env = env
        urls = REST_URLS[env] if base_url is None else (base_url,) if isinstance(base_url, str) else tuple(base_url)
        self.base_urls = tuple(u.rstrip("/") for u in urls)
        self.futures_url = (futures_url or FUTURES_URLS[env]).rstrip("/")
        # a base_url without websocket URLs: the streams served beside it (the simulator's layout)
        beside = ws_beside(self.base_urls[0], "") if base_url else None
        self.ws_url = (ws_url or beside or WS_URLS[env]).rstrip("/")
        self.futures_ws_url = (futures_ws_url or (beside and beside + "/fstream") or FUTURES_WS_URLS[env]).rstrip("/")
        self.timeout = timeout
        self.check_filters = check_filters
        #: symbol filters read from exchangeInfo, by symbol
        self.filters: dict[str, SymbolFilters] = {}
        creds: Credentials | None = None
        if api_key and private_key:
            creds = KeyCredentials(api_key, private_key)
        elif api_key and secret_key:
            creds = Credentials(api_key, secret_key)
        self.context = Context(
            venue=BinanceProtocol(self.futures_url),
            base_urls=self.base_urls,
            credentials=creds,
            clock=Clock(),
            limiter=Limiter(E.GROUPS, enabled=rate_limits),
            recv_window=recv_window,
            sync_clock=sync_clock,
        )

    @property
    def clock(self) -> Clock:
        """The server-time offset in use."""
        return self.context.clock

    def raw_endpoint(self, method: str, path: str, signed: bool | None) -> Endpoint:
        """An ad-hoc endpoint for `request()`, with the catalogue's security and weight when it knows the path."""
        method = method.upper()
        if method not in ("GET", "POST", "PUT", "DELETE"):
            raise ValidationError("method", "must be GET, POST, PUT or DELETE", method)
        if not path.startswith(("/api/", "/sapi/", "/fapi/", "/futures/", "/wapi/")):
            raise ValidationError("path", "must start with /api/, /sapi/, /fapi/, /futures/ or /wapi/", path)
        known, weight, kind = CATALOG.get((method, path), ("signed" if self.context.credentials else "none", 1, "ip"))
        auth: Auth = "signed" if known == "signed" else "apikey" if known == "apikey" else "none"
        if signed is not None:
            auth = "signed" if signed else ("apikey" if auth == "apikey" else "none")
        limits: tuple[str, ...]
        if path.startswith("/sapi/"):
            limits = (f"ip:{max(1, E.SAPI_BUDGET[kind] // weight)}/60",)
        elif path.startswith(("/fapi/", "/futures/")):
            limits = E.FAPI
        else:
            limits = E.ORDER if method == "POST" and path.startswith("/api/v3/order") else E.API
        return Endpoint(f"raw {method} {path}", method, path, auth, (), (), Any, "unwrapped", limits,
                        method != "GET", weight)

    # --- flows shared by both clients ----------------------------------------------------------

    def _filters_flow(self, symbol: str) -> Generator[Any, Any, SymbolFilters]:
        """The symbol's filters, read from exchangeInfo once however many orders wait for them."""
        if symbol not in self.filters:
            yield Once(self.context.flights, ("filters", symbol), lambda: self._load_filters(symbol))
        found = self.filters.get(symbol)
        if found is None:
            raise ValidationError("symbol", "is not listed in exchangeInfo", symbol)
        return found

    def _load_filters(self, symbol: str) -> Flow:
        info: m.ExchangeInfo = yield from flow(self.context, E.EXCHANGE_INFO, {"symbol": symbol})
        for s in info.symbols:
            self.filters[s.symbol] = SymbolFilters(s)

    def _check_flow(self, params: Mapping[str, Any]) -> Generator[Any, Any, None]:
        """Symbol filters before the wire (fetching exchangeInfo once per symbol, avgPrice when needed)."""
        if not self.check_filters or "symbol" not in params:
            return
        filters = yield from self._filters_flow(str(params["symbol"]))
        avg = None
        if filters.needs_avg_price and ("price" in params or params.get("type") == "MARKET"):
            res: m.AvgPrice = yield from flow(self.context, E.AVG_PRICE, {"symbol": params["symbol"]})
            avg = res.price
        filters.check(params, avg)

    def _order_flow(self, ep: Endpoint, params: dict[str, Any], id_name: str = "newClientOrderId",
                    query: Endpoint = E.GET_ORDER, query_id: str = "origClientOrderId", check: bool = True) -> Flow:
        """Place an order; an unknown outcome is reconciled by its client id, never re-sent."""
        params = {k: v for k, v in params.items() if v is not None}
        ep.build(params)
        if check:
            yield from self._check_flow(params)
        cid = params.setdefault(id_name, new_client_order_id())
        try:
            return (yield from flow(self.context, ep, params))
        except UnknownOutcome as e:
            cause: Exception = e
            sent = e.params
        # the query takes the symbol (and isIsolated) when it declares them; GET_OCO and GET_ALGO take the id alone
        lookup: dict[str, Any] = {p.name: params[p.name] for p in query.params
                                  if p.name in ("symbol", "isIsolated") and p.name in params}
        lookup[query_id] = cid
        for delay in RECONCILE_DELAYS:
            if delay:
                yield Sleep(delay)
            try:
                return (yield from flow(self.context, query, lookup))
            except (OrderNotFound, ServerError, TransportError) as e:
                cause = e
        raise UnknownOrderState(
            f"the order's outcome is unknown and {cid!r} was not found after {len(RECONCILE_DELAYS)} queries: "
            "check it before sending again", client_order_id=cid, venue="binance", endpoint=ep.path, params=sent,
        ) from cause

    def _batch_flow(self, orders: list[dict[str, Any]]) -> Flow:
        """Place 1-5 futures orders in one call. Each is checked and given a client id first; when the outcome
        is unknown, each is looked up by that id (never re-sent)."""
        items = []
        for order in orders:
            params = {k: v for k, v in order.items() if v is not None}
            params.setdefault("newClientOrderId", new_client_order_id())
            items.append(E.F_NEW_ORDER.build(params))
        try:
            rows = yield from flow(self.context, E.F_BATCH_ORDERS, {"batchOrders": items})
            return [fm.batch_element(bytes(r)) for r in rows]
        except UnknownOutcome as e:
            cause: Exception = e
            sent = e.params
        found: list[m.FuturesOrder] = []
        for params in items:
            lookup = {"symbol": params["symbol"], "origClientOrderId": params["newClientOrderId"]}
            for delay in RECONCILE_DELAYS:
                if delay:
                    yield Sleep(delay)
                try:
                    found.append((yield from flow(self.context, E.F_GET_ORDER, lookup)))
                    break
                except (OrderNotFound, ServerError, TransportError) as e:
                    cause = e
            else:
                raise UnknownOrderState(
                    f"the batch's outcome is unknown and {lookup['origClientOrderId']!r} was not found after "
                    f"{len(RECONCILE_DELAYS)} queries: check it before sending again",
                    client_order_id=lookup["origClientOrderId"], venue="binance", endpoint=E.F_BATCH_ORDERS.path,
                    params=sent) from cause
        return found

    def __repr__(self) -> str:
        # getattr: a client whose __init__ raised (or one made by __new__) must still show, never raise
        creds = getattr(getattr(self, "context", None), "credentials", None)
        return (f"{type(self).__name__}(env={getattr(self, 'env', None)!r}, "
                f"base_urls={getattr(self, 'base_urls', ())!r}, credentials={creds!r})")
