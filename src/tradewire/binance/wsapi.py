"""The Binance WebSocket API (binance-spot-api-docs/web-socket-api.md): requests and user data on one connection.

`async with AsyncWsApi(api_key, private_key=pem) as api: await api.logon(); await api.new_order(...)`.

Each method is the REST catalogue's endpoint (`endpoints.py`) under its WebSocket name: the same parameter
rules before the wire, the same symbol filters, the same typed results and exceptions. A request is
`{"id", "method", "params"}`; a signed one adds `apiKey`, `timestamp` and `signature` over every other
parameter sorted by name (`k=v&...`, values unencoded), or only `timestamp` once `session.logon` (Ed25519
keys only) has authenticated the connection. The frame sent holds exactly the values signed.

Writes are sent once. An order whose answer is lost (connection closed after sending, timeout, 5xx) is
reconciled by its client order id on a new connection; other writes raise `UnknownOutcome`. A dropped
connection is reopened on the next call, or at once while user data is subscribed, logged on and
subscribed again as before; the user data iterator yields `Reconnected` when that happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
from collections.abc import AsyncIterator, Mapping
from decimal import Decimal
from typing import Any, Self

import msgspec

from tradewire.binance import endpoints as E
from tradewire.binance import models as m
from tradewire.binance.base import RECONCILE_DELAYS, BinanceConfig, Env
from tradewire.binance.base import new_client_order_id as fresh_client_id
from tradewire.binance.filters import SymbolFilters
from tradewire.binance.protocol import VENUE, BinanceProtocol, KeyCredentials
from tradewire.binance.streams import Reconnected, Tagged
from tradewire.core.auth import Credentials
from tradewire.core.clock import Clock
from tradewire.core.codec import decode
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import (
    ExchangeError,
    OrderNotFound,
    RateLimited,
    RequestTimeout,
    ServerError,
    TimestampError,
    TradewireError,
    TransportError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)
from tradewire.core.http import Response

Num = Decimal | int | str
WS_API_URLS: dict[str, str] = {"live": "wss://ws-api.binance.com:443/ws-api/v3",
                               "testnet": "wss://ws-api.testnet.binance.vision/ws-api/v3"}
#: WebSocket method -> the REST endpoint taking the same parameters and answering the same result
METHODS: dict[str, Endpoint] = {
    "ping": E.PING, "time": E.TIME, "exchangeInfo": E.EXCHANGE_INFO, "depth": E.DEPTH, "avgPrice": E.AVG_PRICE,
    "ticker.price": E.TICKER_PRICE, "ticker.book": E.BOOK_TICKER, "order.place": E.NEW_ORDER,
    "order.test": E.TEST_ORDER, "order.status": E.GET_ORDER, "order.cancel": E.CANCEL_ORDER,
    "order.cancelReplace": E.CANCEL_REPLACE, "openOrders.status": E.OPEN_ORDERS,
    "openOrders.cancelAll": E.CANCEL_ALL, "allOrders": E.ALL_ORDERS, "myTrades": E.MY_TRADES,
    "account.status": E.ACCOUNT, "account.commission": E.ACCOUNT_COMMISSION,
    "account.rateLimits.orders": E.ORDER_RATE_LIMITS, "orderList.place.oco": E.NEW_ORDER_LIST_OCO,
    "orderList.place.oto": E.NEW_ORDER_LIST_OTO, "orderList.place.otoco": E.NEW_ORDER_LIST_OTOCO,
    "orderList.cancel": E.CANCEL_OCO, "orderList.status": E.GET_OCO, "openOrderLists.status": E.OPEN_OCO,
    "allOrderLists": E.ALL_OCO,
}
#: the writes that create orders: method -> (the id the client gives them, how they are looked up by it)
PLACE_LOOKUP: dict[str, tuple[str, str, str]] = {
    "order.place": ("newClientOrderId", "order.status", "origClientOrderId"),
    "orderList.place.oco": ("listClientOrderId", "orderList.status", "origClientOrderId"),
    "orderList.place.oto": ("listClientOrderId", "orderList.status", "origClientOrderId"),
    "orderList.place.otoco": ("listClientOrderId", "orderList.status", "origClientOrderId"),
}
#: the methods signed like the trading ones but not in the REST catalogue
SESSION = Endpoint("session", "WS", "session", "signed", result=dict[str, Any], shape="unwrapped")


class SessionStatus(msgspec.Struct, rename="camel", kw_only=True):
    """`session.logon` / `session.status` / `session.logout`."""

    api_key: str | None
    authorized_since: int | None
    connected_since: int
    return_rate_limits: bool
    server_time: int
    user_data_stream: bool | None = None


class OtherEvent(msgspec.Struct, kw_only=True):
    """An event of a type this client does not model (e.g. `eventOtherEvent`), kept as it came."""

    event: dict[str, Any]


def payload(params: Mapping[str, Any]) -> str:
    """The signed text: every parameter but `signature`, sorted by name, `k=v` joined by `&`, unencoded."""
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "signature")


def signed_params(params: Mapping[str, str], creds: Credentials | None, timestamp: int, recv_window: int | None,
                  session: bool) -> dict[str, Any]:
    """`params` with `timestamp` (and `recvWindow`), plus `apiKey` and `signature` unless the session is
    authenticated (then the server knows the key)."""
    out: dict[str, Any] = dict(params)
    if recv_window is not None:
        out["recvWindow"] = recv_window
    out["timestamp"] = timestamp
    if session:
        return out
    if creds is None:
        raise ValidationError("api_key", "signed WebSocket API methods need API credentials")
    out["apiKey"] = creds.api_key
    out["signature"] = creds.sign(payload(out))
    return out


def error_of(ep: Endpoint, method: str, status: int, error: Mapping[str, Any]) -> TradewireError:
    """The exception of an error frame: the REST mapping of the same code and status (protocol.py)."""
    body = json.dumps(dict(error), separators=(",", ":")).encode()
    data = error.get("data")
    headers: dict[str, str] = {}
    if status in (418, 429) and isinstance(data, dict) and isinstance(data.get("retryAfter"), int):
        server = data.get("serverTime") if isinstance(data.get("serverTime"), int) else None
        if server is not None:
            headers["Retry-After"] = str(max(0, (data["retryAfter"] - server + 999) // 1000))
    err = BinanceProtocol().error(ep, Response(status, headers, body))
    err.endpoint = method
    return err


class WsApiSession:
    """One WebSocket API connection (opened on first use) and its session: sending, signing, reading answers,
    the unknown-outcome rules, `session.logon`. The venue's client adds its methods, `_sync_clock` and
    `_subscribe` (user data)."""

    #: the methods `call` accepts (the spot API's; the futures client has its own)
    methods: Mapping[str, Endpoint] = METHODS
    place_lookup: Mapping[str, tuple[str, str, str]] = PLACE_LOOKUP
    urls: Mapping[str, str] = WS_API_URLS

    def __init__(self, api_key: str | None = None, secret_key: str | None = None, *,
                 private_key: bytes | str | None = None, env: Env = "live", url: str | None = None,
                 timeout: float = 10.0, recv_window: int | None = None,  # float ok: seconds
                 check_filters: bool = True, max_reconnects: int = 5) -> None:
        self.config = BinanceConfig(api_key, secret_key, private_key=private_key, env=env, timeout=timeout,
                                    recv_window=recv_window, check_filters=check_filters)
        self.url = url or self.urls[env]
        self.timeout = timeout
        self.max_reconnects = max_reconnects
        #: the `rateLimits` of the last answer that carried them
        self.rate_limits: list[m.RateLimit] = []
        self.connects = 0
        self._http: Any = None
        self._ws: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._reviver: asyncio.Task[None] | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._lock = asyncio.Lock()
        self._logon = False  # wanted: done again on every new connection
        self._session = False  # this connection is authenticated
        self._user = False  # user data wanted
        self._subscription: int | None = None
        self._events: asyncio.Queue[Any] = asyncio.Queue()
        self._closing = False

    @property
    def clock(self) -> Clock:
        return self.config.clock

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection (no reconnect after this)."""
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        for task in (self._reader, self._reviver):
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, TradewireError):
                    await task
        if self._http is not None:
            await self._http.close()
            self._http = None

    # --- connection ----------------------------------------------------------------------------

    async def _ensure(self) -> None:
        """Open the connection when there is none; log on and subscribe again as before."""
        if self._ws is not None and not self._ws.closed:
            return
        async with self._lock:
            if self._ws is not None and not self._ws.closed:
                return
            if self._closing:
                raise TransportError("the WebSocket API client is closed", url=self.url)
            import aiohttp

            if self._http is None:
                self._http = aiohttp.ClientSession()
            last: Exception | None = None
            for attempt in range(self.max_reconnects + 1):
                if attempt:
                    await asyncio.sleep(random.uniform(0, min(0.1 * 2 ** attempt, 5.0)))
                try:
                    self._ws = await self._http.ws_connect(self.url, heartbeat=30.0, autoping=True)
                    break
                except (aiohttp.ClientError, OSError) as e:
                    last = e
            else:
                raise TransportError(f"cannot connect to {self.url}: {last}", url=self.url) from last
            self.connects += 1
            self._session = False
            self._reader = asyncio.ensure_future(self._read(self._ws))
        if not self.clock.synced:
            await self._sync_clock()
        if self._logon:
            await self._session_logon()
        if self._user:
            await self._subscribe()
            if self.connects > 1:
                self._events.put_nowait(Reconnected("WebSocket API connection reopened; logged on and "
                                                    "subscribed again"))

    async def _read(self, ws: Any) -> None:
        import aiohttp

        try:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                self._dispatch(msg.data)
        finally:
            lost = TransportError("WebSocket API connection closed before the answer", url=self.url, sent=True)
            for fut in self._pending.values():
                if not fut.done():
                    fut.set_exception(lost)
            if self._user and not self._closing:
                self._reviver = asyncio.ensure_future(self._revive())

    async def _revive(self) -> None:
        """Reopen a dropped connection at once while user data is wanted (nobody may be calling)."""
        try:
            await self._ensure()
        except TradewireError as e:
            self._events.put_nowait(e)

    def _dispatch(self, raw: str) -> None:
        frame: dict[str, Any] = msgspec.json.decode(raw, type=dict[str, msgspec.Raw])
        if "event" in frame:
            self._events.put_nowait(_event(bytes(frame["event"])))
            return
        rid = msgspec.json.decode(frame["id"]) if "id" in frame else None
        fut = self._pending.get(str(rid))
        if fut is not None and not fut.done():
            fut.set_result(frame)

    # --- requests ------------------------------------------------------------------------------

    async def _send(self, method: str, params: Mapping[str, Any], signed: bool) -> dict[str, Any]:
        """Send one request (signed just before it leaves) and wait for its answer frame."""
        await self._ensure()
        rid = str(next(self._ids))
        if signed:
            params = signed_params(params, self.config.context.credentials, self.clock.now_ms(),
                                   self.config.context.recv_window, self._session)
        frame: dict[str, Any] = {"id": rid, "method": method}
        if params:
            frame["params"] = dict(params)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[rid] = fut
        try:
            try:
                await self._ws.send_str(json.dumps(frame, separators=(",", ":")))
            except (ConnectionError, RuntimeError) as e:
                raise TransportError(f"WebSocket API send failed: {e}", url=self.url, sent=True) from e
            try:
                return await asyncio.wait_for(fut, self.timeout)
            except TimeoutError:
                raise RequestTimeout(f"no answer to {method} in {self.timeout} s", url=self.url, sent=True) from None
        finally:
            self._pending.pop(rid, None)

    async def _call(self, ep: Endpoint, method: str, params: Mapping[str, Any] | None = None) -> Any:
        """Validate, send, read: the result of `method`, or the mapped exception; a write is sent once."""
        rendered = ep.build(params or {})
        resynced = False
        while True:
            try:
                frame = await self._send(method, rendered, ep.auth == "signed")
            except TransportError as e:
                if ep.write and e.sent:
                    raise self._unknown(method, rendered, e) from e
                raise
            try:
                return self._result(ep, method, frame)
            except TimestampError:  # refused before execution: safe to sign again with a new offset
                if resynced:
                    raise
                resynced = True
                await self._sync_clock()
            except (RateLimited, ServerError) as e:
                if ep.write:
                    raise self._unknown(method, rendered, e) from e
                raise

    def _result(self, ep: Endpoint, method: str, frame: dict[str, Any]) -> Any:
        if "rateLimits" in frame:
            self.rate_limits = decode(bytes(frame["rateLimits"]), list[m.RateLimit])
        status = msgspec.json.decode(frame["status"]) if "status" in frame else 0
        if status == 200 and "result" in frame:
            return decode(bytes(frame["result"]), ep.result)
        error = msgspec.json.decode(frame["error"]) if "error" in frame else {}
        raise error_of(ep, method, status, error if isinstance(error, dict) else {})

    def _unknown(self, method: str, params: Mapping[str, str], cause: Exception) -> UnknownOutcome:
        said = cause.message if isinstance(cause, ExchangeError) else str(cause)
        return UnknownOutcome(f"{said}; {method} may have been executed and was not sent again: check its state "
                              "before sending it again", venue=VENUE, endpoint=method, params=dict(params),
                              status=getattr(cause, "status", None), code=getattr(cause, "code", None))

    async def _sync_clock(self) -> None:
        raise NotImplementedError  # the venue's clock source

    async def _subscribe(self) -> None:
        raise NotImplementedError  # the venue's user data subscription

    async def call(self, method: str, **params: Any) -> Any:
        """Any method the catalogue knows (`METHODS`), validated and decoded as its REST twin."""
        ep = self.methods.get(method)
        if ep is None:
            raise ValidationError("method", f"must be one of {sorted(self.methods)}", method)
        return await self._call(ep, method, params)

    async def _check(self, params: Mapping[str, Any]) -> None:
        """The venue's own checks of an order before it is sent (none by default)."""

    async def _place(self, method: str, params: dict[str, Any]) -> Any:
        """Send a checked write that creates orders once, with a client id; a lost answer is looked up by that
        id (`place_lookup`: symbol too when the lookup takes it), never re-sent, else `UnknownOrderState`."""
        ep = self.methods[method]
        ep.build(params)
        await self._check(params)
        id_name, query_method, query_id = self.place_lookup[method]
        cid = params.setdefault(id_name, fresh_client_id())
        try:
            return await self._call(ep, method, params)
        except UnknownOutcome as e:
            cause: Exception = e
            sent = e.params
        query = self.methods[query_method]
        lookup: dict[str, Any] = {p.name: params[p.name] for p in query.params if p.name == "symbol"}
        lookup[query_id] = cid
        for delay in RECONCILE_DELAYS:
            if delay:
                await asyncio.sleep(delay)
            try:
                return await self._call(query, query_method, lookup)
            except (OrderNotFound, ServerError, TransportError) as e:
                cause = e
        raise UnknownOrderState(
            f"the order's outcome is unknown and {cid!r} was not found after {len(RECONCILE_DELAYS)} queries: "
            "check it before sending again", client_order_id=cid, venue=VENUE, endpoint=method,
            params=sent) from cause

    # --- session -------------------------------------------------------------------------------

    async def logon(self) -> SessionStatus:
        """Authenticate the connection (`session.logon`, Ed25519 keys only); done again after a reconnect."""
        creds = self.config.context.credentials
        if not isinstance(creds, KeyCredentials) or creds.key_type != "ED25519":
            raise ValidationError("private_key", "session.logon needs an Ed25519 key (web-socket-api.md)")
        self._logon = True
        await self._ensure()
        if self._session:
            return await self.session_status()
        return await self._session_logon()

    async def _session_logon(self) -> SessionStatus:
        self._session = False
        status: SessionStatus = await self._session_call("session.logon", signed=True)
        self._session = True
        return status

    async def session_status(self) -> SessionStatus:
        """Which key (if any) authenticates the connection, and whether user data is subscribed."""
        return await self._session_call("session.status")

    async def logout(self) -> SessionStatus:
        """Forget the session's key (the connection stays open; requests are signed one by one again)."""
        self._logon = False
        status = await self._session_call("session.logout")
        self._session = False
        return status

    async def _session_call(self, method: str, signed: bool = False) -> SessionStatus:
        frame = await self._send(method, {}, signed)
        raw: dict[str, Any] = self._result(SESSION, method, frame)
        return msgspec.convert(raw, SessionStatus)

class AsyncWsApi(WsApiSession):
    """The spot WebSocket API (`/ws-api/v3`): market data, trading, account and the user data subscription."""

    async def _sync_clock(self) -> None:
        sent = Clock.local_ms()
        frame = await self._send("time", {}, False)
        data: m.ServerTime = self._result(E.TIME, "time", frame)
        self.clock.update(data.server_time, sent, Clock.local_ms())

    # --- user data -----------------------------------------------------------------------------

    async def _subscribe(self) -> None:
        if self._session:
            frame = await self._send("userDataStream.subscribe", {}, False)
        else:
            frame = await self._send("userDataStream.subscribe.signature", {}, True)
        result: dict[str, Any] = self._result(SESSION, "userDataStream.subscribe", frame)
        self._subscription = int(result["subscriptionId"])

    async def user_data(self) -> AsyncIterator[Any]:
        """User data events as the REST user data stream's typed models (`ExecutionReport`, `AccountPosition`,
        `BalanceUpdate`, `ListStatus`), `Reconnected` after a reconnect; unsubscribed on exit."""
        self._user = True
        try:
            await self._ensure()
            if self._subscription is None:
                await self._subscribe()
            while True:
                item = await self._events.get()
                if isinstance(item, TradewireError):
                    raise item
                yield item
        finally:
            self._user = False
            sid, self._subscription = self._subscription, None
            if sid is not None and self._ws is not None and not self._ws.closed:
                with contextlib.suppress(TradewireError):
                    await self._send("userDataStream.unsubscribe", {"subscriptionId": sid}, False)

    # --- market data ---------------------------------------------------------------------------

    async def ping(self) -> None:
        await self._call(E.PING, "ping")

    async def server_time(self) -> int:
        data: m.ServerTime = await self._call(E.TIME, "time")
        return data.server_time

    async def exchange_info(self, symbol: str | None = None) -> m.ExchangeInfo:
        """Rules and symbols; also refreshes the symbol filters checked before orders."""
        info: m.ExchangeInfo = await self._call(E.EXCHANGE_INFO, "exchangeInfo", {"symbol": symbol})
        for s in info.symbols:
            self.config.filters[s.symbol] = SymbolFilters(s)
        return info

    async def depth(self, symbol: str, limit: int | None = None) -> m.Depth:
        result: m.Depth = await self._call(E.DEPTH, "depth", {"symbol": symbol, "limit": limit})
        return result

    async def ticker_price(self, symbol: str) -> m.TickerPrice:
        result: m.TickerPrice = await self._call(E.TICKER_PRICE, "ticker.price", {"symbol": symbol})
        return result

    async def book_ticker(self, symbol: str) -> m.BookTicker:
        result: m.BookTicker = await self._call(E.BOOK_TICKER, "ticker.book", {"symbol": symbol})
        return result

    # --- trading -------------------------------------------------------------------------------

    async def _check(self, params: Mapping[str, Any]) -> None:
        """The symbol filters before the wire (exchangeInfo once per symbol, avgPrice when a filter needs it)."""
        if not self.config.check_filters:
            return
        symbol = str(params["symbol"])
        if symbol not in self.config.filters:
            await self.exchange_info(symbol)
        filters = self.config.filters.get(symbol)
        if filters is None:
            raise ValidationError("symbol", "is not listed in exchangeInfo", symbol)
        avg = None
        if filters.needs_avg_price and ("price" in params or params.get("type") == "MARKET"):
            res: m.AvgPrice = await self._call(E.AVG_PRICE, "avgPrice", {"symbol": symbol})
            avg = res.price
        filters.check(params, avg)

    async def new_order(self, symbol: str, side: str, type: str, *, quantity: Num | None = None,
                        price: Num | None = None, time_in_force: str | None = None, stop_price: Num | None = None,
                        quote_order_qty: Num | None = None, new_client_order_id: str | None = None,
                        **extra: Any) -> m.Order:
        """`order.place`: filters checked first; a lost answer is reconciled by client order id, never re-sent."""
        params = {k: v for k, v in dict(symbol=symbol, side=side, type=type, quantity=quantity, price=price,
                                        timeInForce=time_in_force, stopPrice=stop_price,
                                        quoteOrderQty=quote_order_qty, newClientOrderId=new_client_order_id,
                                        **extra).items() if v is not None}
        result: m.Order = await self._place("order.place", params)
        return result

    async def test_order(self, symbol: str, side: str, type: str, **params: Any) -> None:
        """`order.test`: the order validated by the server, not placed."""
        p = {k: v for k, v in dict(symbol=symbol, side=side, type=type, **params).items() if v is not None}
        E.TEST_ORDER.build(p)
        await self._check(p)
        await self._call(E.TEST_ORDER, "order.test", p)

    async def get_order(self, symbol: str, order_id: int | None = None,
                        orig_client_order_id: str | None = None) -> m.Order:
        result: m.Order = await self._call(E.GET_ORDER, "order.status", {
            "symbol": symbol, "orderId": order_id, "origClientOrderId": orig_client_order_id})
        return result

    async def cancel_order(self, symbol: str, order_id: int | None = None, orig_client_order_id: str | None = None,
                           **extra: Any) -> m.Order:
        result: m.Order = await self._call(E.CANCEL_ORDER, "order.cancel", {
            "symbol": symbol, "orderId": order_id, "origClientOrderId": orig_client_order_id, **extra})
        return result

    async def cancel_replace(self, symbol: str, side: str, type: str, *, cancel_replace_mode: str = "STOP_ON_FAILURE",
                             cancel_order_id: int | None = None, cancel_orig_client_order_id: str | None = None,
                             **params: Any) -> m.CancelReplace:
        """`order.cancelReplace` (failures raise `CancelReplaceFailed` with both halves)."""
        p = {k: v for k, v in dict(symbol=symbol, side=side, type=type, cancelReplaceMode=cancel_replace_mode,
                                   cancelOrderId=cancel_order_id, cancelOrigClientOrderId=cancel_orig_client_order_id,
                                   **params).items() if v is not None}
        E.CANCEL_REPLACE.build(p)
        await self._check(p)
        result: m.CancelReplace = await self._call(E.CANCEL_REPLACE, "order.cancelReplace", p)
        return result

    async def open_orders(self, symbol: str | None = None) -> list[m.Order]:
        result: list[m.Order] = await self._call(E.OPEN_ORDERS, "openOrders.status", {"symbol": symbol})
        return result

    async def account(self) -> m.Account:
        result: m.Account = await self._call(E.ACCOUNT, "account.status")
        return result

    async def account_commission(self, symbol: str) -> m.AccountCommission:
        result: m.AccountCommission = await self._call(E.ACCOUNT_COMMISSION, "account.commission",
                                                       {"symbol": symbol})
        return result

    async def order_rate_limits(self) -> list[m.RateLimit]:
        """`account.rateLimits.orders`: the unfilled order counts."""
        result: list[m.RateLimit] = await self._call(E.ORDER_RATE_LIMITS, "account.rateLimits.orders")
        return result

    async def all_orders(self, symbol: str, **extra: Any) -> list[m.Order]:
        """`allOrders` (orderId, startTime, endTime, limit in `extra`)."""
        result: list[m.Order] = await self._call(E.ALL_ORDERS, "allOrders", {"symbol": symbol, **extra})
        return result

    async def my_trades(self, symbol: str, **extra: Any) -> list[m.MyTrade]:
        """`myTrades` (orderId, startTime, endTime, fromId, limit in `extra`)."""
        result: list[m.MyTrade] = await self._call(E.MY_TRADES, "myTrades", {"symbol": symbol, **extra})
        return result

    # --- order lists ---------------------------------------------------------------------------

    @staticmethod
    def _given(params: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in params.items() if v is not None}

    async def new_order_list_oco(self, symbol: str, side: str, quantity: Num, *, above_type: str,
                                 below_type: str, list_client_order_id: str | None = None,
                                 **legs: Any) -> m.OrderList:
        """`orderList.place.oco` (abovePrice, aboveStopPrice, belowPrice, ... in `legs`, as REST's
        orderList/oco); a lost answer is reconciled by listClientOrderId."""
        result: m.OrderList = await self._place("orderList.place.oco", self._given(dict(
            symbol=symbol, side=side, quantity=quantity, aboveType=above_type, belowType=below_type,
            listClientOrderId=list_client_order_id, **legs)))
        return result

    async def new_order_list_oto(self, symbol: str, *, working_type: str, working_side: str, working_price: Num,
                                 working_quantity: Num, pending_type: str, pending_side: str, pending_quantity: Num,
                                 list_client_order_id: str | None = None, **extra: Any) -> m.OrderList:
        """`orderList.place.oto` (workingTimeInForce, pendingPrice, pendingStopPrice, ... in `extra`)."""
        result: m.OrderList = await self._place("orderList.place.oto", self._given(dict(
            symbol=symbol, workingType=working_type, workingSide=working_side, workingPrice=working_price,
            workingQuantity=working_quantity, pendingType=pending_type, pendingSide=pending_side,
            pendingQuantity=pending_quantity, listClientOrderId=list_client_order_id, **extra)))
        return result

    async def new_order_list_otoco(self, symbol: str, *, working_type: str, working_side: str, working_price: Num,
                                   working_quantity: Num, pending_side: str, pending_quantity: Num,
                                   pending_above_type: str, pending_below_type: str,
                                   list_client_order_id: str | None = None, **extra: Any) -> m.OrderList:
        """`orderList.place.otoco` (the pendingAbove*/pendingBelow* prices and stops in `extra`)."""
        result: m.OrderList = await self._place("orderList.place.otoco", self._given(dict(
            symbol=symbol, workingType=working_type, workingSide=working_side, workingPrice=working_price,
            workingQuantity=working_quantity, pendingSide=pending_side, pendingQuantity=pending_quantity,
            pendingAboveType=pending_above_type, pendingBelowType=pending_below_type,
            listClientOrderId=list_client_order_id, **extra)))
        return result

    async def cancel_order_list(self, symbol: str, order_list_id: int | None = None,
                                list_client_order_id: str | None = None) -> m.OrderList:
        """`orderList.cancel`."""
        result: m.OrderList = await self._call(E.CANCEL_OCO, "orderList.cancel", {
            "symbol": symbol, "orderListId": order_list_id, "listClientOrderId": list_client_order_id})
        return result

    async def get_order_list(self, order_list_id: int | None = None,
                             list_client_order_id: str | None = None) -> m.OrderList:
        """`orderList.status`."""
        result: m.OrderList = await self._call(E.GET_OCO, "orderList.status", {
            "orderListId": order_list_id, "origClientOrderId": list_client_order_id})
        return result

    async def open_order_lists(self) -> list[m.OrderList]:
        """`openOrderLists.status`."""
        result: list[m.OrderList] = await self._call(E.OPEN_OCO, "openOrderLists.status")
        return result

    async def all_order_lists(self, **extra: Any) -> list[m.OrderList]:
        """`allOrderLists` (fromId, startTime, endTime, limit in `extra`)."""
        result: list[m.OrderList] = await self._call(E.ALL_OCO, "allOrderLists", extra)
        return result


def _event(raw: bytes) -> Any:
    try:
        return decode(raw, Tagged)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return OtherEvent(event=msgspec.json.decode(raw))


__all__ = ["METHODS", "WS_API_URLS", "AsyncWsApi", "OtherEvent", "SessionStatus", "WsApiSession", "payload",
           "signed_params"]
